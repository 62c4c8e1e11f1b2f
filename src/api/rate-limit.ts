/** Token buckets per credential: sustained rate plus a burst, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes `n` tokens for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, n: number, now = Date.now()): number {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    if (n <= b.tokens) {
      b.tokens -= n;
      return 0;
    }
    // A request larger than the burst can never pass: let it through when the bucket is full.
    if (n > this.burst && b.tokens >= this.burst) {
      b.tokens -= n;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(n, this.burst) - b.tokens) / this.ratePerSecond));
  }
}
