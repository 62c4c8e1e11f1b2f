/**
 * One TCP or TLS syslog connection: deframes what it reads, submits one batch per chunk read and
 * reads nothing more until that batch is durable (at most one chunk in flight per connection, so
 * memory stays bounded). When the sink is full the batch is kept and retried once it accepts again;
 * meanwhile the socket stays paused and the sender is pushed back by TCP flow control.
 */
import type { Socket } from 'node:net';
import type { IngestSink } from '../pipeline/sink.ts';
import type { SyslogListenerStats } from './listener-stats.ts';
import { isOverloaded, type SinkGate } from './sink-gate.ts';
import {
  type BatchBase,
  type BatchMeta,
  framesToBatches,
  SYSLOG_META,
  toRejection,
} from './syslog-batches.ts';
import { type DeframeOutput, SyslogDeframer } from './syslog-framing.ts';

/** What a connection needs from its listeners. */
export interface ConnectionContext {
  sink: IngestSink;
  gate: SinkGate;
  stats: SyslogListenerStats;
  base: BatchBase;
  maxMessageBytes: number;
  idleTimeoutMs: number;
  onError: (e: unknown) => void;
  /** Called once when the connection is closed and all its work is done. */
  onDone: (conn: SyslogConnection) => void;
}

export class SyslogConnection {
  private readonly deframer: SyslogDeframer;
  private tail: Promise<void> = Promise.resolve();
  private busy = false;
  private finished = false;
  private failed = false;
  private stopping = false;
  private readonly label: string;

  constructor(
    private readonly socket: Socket,
    private readonly meta: BatchMeta,
    private readonly ctx: ConnectionContext,
  ) {
    this.deframer = new SyslogDeframer(ctx.maxMessageBytes);
    const m = (k: keyof typeof SYSLOG_META) => String(meta[SYSLOG_META[k]]);
    this.label = `${m('transport')} from ${m('address')}:${m('port')}`;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.finish());
    socket.on('close', () => this.finish());
    socket.on('error', (e) => ctx.onError(e));
    socket.setTimeout(ctx.idleTimeoutMs);
    socket.on('timeout', () => this.onIdle());
    if (ctx.gate.blocked) socket.pause();
  }

  /** Stops reading while the sink is full (the current chunk, if any, finishes). */
  pause(): void {
    this.socket.pause();
  }

  /** Reads again, unless a chunk is still being handed over or the sink is full. */
  resumeIfIdle(): void {
    if (this.busy || this.stopping || this.failed || this.ctx.gate.blocked || this.socket.destroyed) return;
    this.socket.resume();
  }

  /** Graceful stop: no more reads; hands over what was read; then closes the socket. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.socket.pause();
    this.finish();
    await this.tail;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.ctx.stats.bytesReceived += chunk.length;
    this.socket.pause();
    this.busy = true;
    const out = this.deframer.push(chunk);
    this.enqueue(async () => {
      await this.handle(out);
      this.busy = false;
      this.resumeIfIdle();
    });
  }

  /** End of stream (FIN, reset, idle close, shutdown): hands over the pending partial frame once. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const out = this.deframer.end();
    this.enqueue(() => this.handle(out));
    this.tail = this.tail.then(() => {
      this.socket.destroy();
      this.ctx.onDone(this);
    });
  }

  private onIdle(): void {
    if (this.finished) return;
    if (this.busy || this.ctx.gate.blocked) {
      this.socket.setTimeout(this.ctx.idleTimeoutMs); // waiting on us, not idle: re-arm
      return;
    }
    this.ctx.stats.connectionsIdleClosed++;
    this.socket.pause();
    this.finish();
  }

  private enqueue(work: () => Promise<void>): void {
    this.tail = this.tail.then(work).catch((e: unknown) => this.ctx.onError(e));
  }

  private async handle(out: DeframeOutput): Promise<void> {
    if (this.failed) return;
    const { stats, base, sink } = this.ctx;
    const received = Date.now();
    stats.messagesReceived += out.frames.length;
    for (const f of out.frames) if (f.invalidUtf8) stats.invalidUtf8++;
    for (const batch of framesToBatches(out.frames, base, this.meta, received)) {
      if (!(await this.deliver(batch))) return;
    }
    for (const r of out.rejections) {
      stats.rejected++;
      try {
        await sink.reject(toRejection(base, `${r.reason} (${this.label})`, r.raw, received));
      } catch (e) {
        stats.rejectErrors++;
        this.ctx.onError(e);
      }
    }
  }

  /** Submits until durable; waits (paused) while the sink is full. False when the batch was given up. */
  private async deliver(batch: Parameters<IngestSink['submit']>[0]): Promise<boolean> {
    const { sink, gate, stats } = this.ctx;
    for (;;) {
      if (!sink.accepting) {
        stats.sinkFullWaits++;
        gate.block();
        if (!(await gate.waitAccepting())) return this.drop(batch.events.length);
        continue;
      }
      try {
        await sink.submit(batch);
        stats.batchesSubmitted++;
        stats.eventsSubmitted += batch.events.length;
        return true;
      } catch (e) {
        if (!isOverloaded(e)) {
          stats.submitErrors++;
          this.failed = true;
          this.ctx.onError(e);
          this.socket.destroy();
          return false;
        }
        stats.sinkFullWaits++;
        gate.block();
        if (!(await gate.waitAccepting())) return this.drop(batch.events.length);
      }
    }
  }

  private drop(events: number): false {
    this.ctx.stats.droppedOnClose += events;
    this.failed = true;
    return false;
  }
}
