/**
 * Shared backpressure state of one set of listeners: whether the sink is known to be full, who
 * waits for it to accept again, and the hooks that pause and resume the TCP/TLS sockets.
 *
 * The gate is "blocked" from the moment a listener sees the sink full (`accepting` false, or an
 * `OverloadedError` from `submit`) until the sink's `onAccepting` fires. As a safety net against a
 * missed notification, a blocked gate also re-reads `sink.accepting` every `POLL_MS`.
 */
import { VigilError } from '../core/errors.ts';
import type { IngestSink } from '../pipeline/sink.ts';

const POLL_MS = 1000;

/** True for the sink's "full, nothing kept, try again later" refusal. */
export function isOverloaded(e: unknown): boolean {
  return e instanceof VigilError && e.code === 'overloaded';
}

export class SinkGate {
  private blockedNow = false;
  private closed = false;
  private waiters: ((accepting: boolean) => void)[] = [];
  private poll: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly sink: IngestSink,
    private readonly hooks: { onBlock: () => void; onUnblock: () => void },
  ) {
    this.unsubscribe = sink.onAccepting(() => this.unblock());
  }

  get blocked(): boolean {
    return this.blockedNow;
  }

  /** Marks the sink full; pauses readers (via `onBlock`) on the transition. */
  block(): void {
    if (this.closed || this.blockedNow) return;
    this.blockedNow = true;
    this.poll = setInterval(() => {
      if (this.sink.accepting) this.unblock();
    }, POLL_MS);
    this.poll.unref();
    this.hooks.onBlock();
  }

  /** Resolves true once the sink accepts again, or false when the gate is closed first. */
  waitAccepting(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (!this.blockedNow) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops waiting for good: every waiter gets false. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.stopPoll();
    this.blockedNow = false;
    for (const w of this.waiters.splice(0)) w(false);
  }

  private unblock(): void {
    if (this.closed || !this.blockedNow) return;
    this.blockedNow = false;
    this.stopPoll();
    for (const w of this.waiters.splice(0)) w(true);
    this.hooks.onUnblock();
  }

  private stopPoll(): void {
    if (this.poll !== undefined) clearInterval(this.poll);
    this.poll = undefined;
  }
}
