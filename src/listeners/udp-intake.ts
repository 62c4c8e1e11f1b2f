/**
 * Syslog over UDP (RFC 5426): one datagram is one message. Trailing LF, CR and NUL bytes are
 * stripped; LFs inside a datagram are kept (multi-line messages such as stack traces stay whole;
 * several messages are NOT split out of one datagram). A datagram over `maxMessageBytes` is
 * rejected with its first bytes. Datagrams received in the same tick of the event loop are batched,
 * one batch per peer (the peer's address and port are batch metadata).
 *
 * UDP cannot push back: when the sink is full (or more than UDP_MAX_IN_FLIGHT batches are waiting
 * to become durable) the messages are dropped and counted in `udpDropped`.
 */
import type { RemoteInfo } from 'node:dgram';
import type { IngestSink, RawBatch } from '../pipeline/sink.ts';
import type { SyslogListenerStats } from './listener-stats.ts';
import { isOverloaded } from './sink-gate.ts';
import {
  type BatchBase,
  type BatchMeta,
  framesToBatches,
  normalizeAddress,
  peerMeta,
  toRejection,
} from './syslog-batches.ts';
import { decodeFrame, type SyslogFrame, sampleBytes } from './syslog-framing.ts';

export const UDP_MAX_IN_FLIGHT = 64;

interface PeerGroup {
  meta: BatchMeta;
  frames: SyslogFrame[];
}

export interface UdpContext {
  sink: IngestSink;
  stats: SyslogListenerStats;
  base: BatchBase;
  maxMessageBytes: number;
  onError: (e: unknown) => void;
}

export class UdpIntake {
  private pending = new Map<string, PeerGroup>();
  private scheduled: NodeJS.Immediate | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly ctx: UdpContext) {}

  onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    const { stats, base } = this.ctx;
    stats.udpDatagrams++;
    stats.bytesReceived += msg.length;
    const where = `udp from ${normalizeAddress(rinfo.address)}:${rinfo.port}`;
    if (msg.length > this.ctx.maxMessageBytes) {
      const reason = `datagram of ${msg.length} bytes exceeds the limit of ${this.ctx.maxMessageBytes} bytes (${where})`;
      this.track(this.reject(toRejection(base, reason, sampleBytes(msg), Date.now())));
      return;
    }
    const frame = decodeFrame(stripTrailers(msg));
    if (frame.text.length === 0) return;
    stats.messagesReceived++;
    if (frame.invalidUtf8) stats.invalidUtf8++;
    const key = `${rinfo.address}|${rinfo.port}`;
    let group = this.pending.get(key);
    if (group === undefined) {
      group = { meta: peerMeta('udp', rinfo.address, rinfo.port), frames: [] };
      this.pending.set(key, group);
    }
    group.frames.push(frame);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Submits what was received in this tick. */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const groups = [...this.pending.values()];
    this.pending.clear();
    const received = Date.now();
    for (const g of groups) {
      for (const batch of framesToBatches(g.frames, this.ctx.base, g.meta, received)) this.submit(batch);
    }
  }

  /** Flushes and waits until every submit and reject in flight has settled. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private submit(batch: RawBatch): void {
    const { sink, stats } = this.ctx;
    if (!sink.accepting || this.inFlight.size >= UDP_MAX_IN_FLIGHT) {
      stats.udpDropped += batch.events.length;
      return;
    }
    const p = sink.submit(batch).then(
      () => {
        stats.batchesSubmitted++;
        stats.eventsSubmitted += batch.events.length;
      },
      (e: unknown) => {
        stats.udpDropped += batch.events.length;
        if (!isOverloaded(e)) {
          stats.submitErrors++;
          this.ctx.onError(e);
        }
      },
    );
    this.track(p);
  }

  private async reject(r: Parameters<IngestSink['reject']>[0]): Promise<void> {
    this.ctx.stats.rejected++;
    try {
      await this.ctx.sink.reject(r);
    } catch (e) {
      this.ctx.stats.rejectErrors++;
      this.ctx.onError(e);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}

/** Drops trailing LF, CR and NUL bytes. */
function stripTrailers(msg: Buffer): Buffer {
  let end = msg.length;
  while (end > 0) {
    const b = msg[end - 1];
    if (b !== 0x0a && b !== 0x0d && b !== 0x00) break;
    end--;
  }
  return msg.subarray(0, end);
}
