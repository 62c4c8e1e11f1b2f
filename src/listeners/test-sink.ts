/**
 * In-memory `IngestSink` test double for the listener tests: records batches and rejections, can be
 * switched to "full" (`accepting` false, `submit` rejects with `OverloadedError`) and back, can hold
 * submits open (a slow disk), and lets a test wait for a condition with a deadline instead of sleeping.
 */
import { OverloadedError } from '../core/errors.ts';
import type { IngestSink, RawBatch, RawRejection } from '../pipeline/sink.ts';

export class TestSink implements IngestSink {
  readonly batches: RawBatch[] = [];
  readonly rejections: RawRejection[] = [];
  /** Calls to `submit`, including refused ones. */
  submitCalls = 0;
  /** Submits refused with OverloadedError. */
  refused = 0;
  /** Events in all accepted batches (cheap to read in wait conditions). */
  eventCount = 0;
  private full = false;
  /** The next submit finds the sink just filled up: it switches to full and refuses. */
  private fillOnSubmit = false;
  private failure: Error | undefined;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private readonly acceptingListeners = new Set<() => void>();
  private readonly changeListeners = new Set<() => void>();

  get accepting(): boolean {
    return !this.full;
  }

  /** All events received, in submission order. */
  get events(): string[] {
    return this.batches.flatMap((b) => b.events);
  }

  /** Switches to full: `accepting` false and `submit` rejects with OverloadedError. */
  fill(): void {
    this.full = true;
  }

  /** Accepts again and notifies `onAccepting` listeners. */
  resume(): void {
    this.full = false;
    for (const l of [...this.acceptingListeners]) l();
  }

  /** The next submit fills the sink and is refused (full between the `accepting` check and `submit`). */
  fillOnNextSubmit(): void {
    this.fillOnSubmit = true;
  }

  /** The next submit fails with `error` (a broken disk, not overload). */
  failNextSubmit(error: Error): void {
    this.failure = error;
  }

  /** Submits stay pending (not durable) until `releaseSubmits()`. */
  holdSubmits(): void {
    this.held ??= new Promise((resolve) => {
      this.release = resolve;
    });
  }

  releaseSubmits(): void {
    this.release?.();
    this.held = undefined;
    this.release = undefined;
  }

  async submit(batch: RawBatch): Promise<void> {
    this.submitCalls++;
    if (this.fillOnSubmit) {
      this.fillOnSubmit = false;
      this.full = true;
    }
    const failure = this.failure;
    if (failure !== undefined) {
      this.failure = undefined;
      this.changed();
      throw failure;
    }
    if (this.full) {
      this.refused++;
      this.changed();
      throw new OverloadedError('test sink is full');
    }
    this.changed();
    if (this.held !== undefined) await this.held;
    this.batches.push(batch);
    this.eventCount += batch.events.length;
    this.changed();
  }

  async reject(rejection: RawRejection): Promise<void> {
    this.rejections.push(rejection);
    this.changed();
  }

  onAccepting(listener: () => void): () => void {
    this.acceptingListeners.add(listener);
    return () => this.acceptingListeners.delete(listener);
  }

  /** Number of `onAccepting` subscribers (to check that listeners unsubscribe). */
  get subscribers(): number {
    return this.acceptingListeners.size;
  }

  /**
   * Resolves once `condition()` holds, re-checking on every change of the sink; rejects after
   * `timeoutMs` with `what` and the current state, so a failing test says what was missing.
   */
  waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const state = `${this.batches.length} batches, ${this.eventCount} events, ${this.rejections.length} rejections`;
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (sink has ${state})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changeListeners.delete(check);
      };
      this.changeListeners.add(check);
    });
  }

  private changed(): void {
    for (const l of [...this.changeListeners]) l();
  }
}
