/**
 * Login rate limits: token buckets per client address and per user name (whether or not the
 * account exists), refilled continuously. Password guessing is slowed from one address, and
 * spraying one account from many addresses is slowed too; account lockout (in `login.ts`) is the
 * second line. Memory is bounded: past `maxKeys` buckets the idle and then the oldest go first.
 */

export interface LoginRateLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
}

/** One attempt, less a hair for the rounding of continuous refills (0.9 + 0.1 < 1 in floating point). */
const ONE = 1 - 1e-9;

interface Bucket {
  tokens: number;
  at: number;
}

export class LoginLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: LoginRateLimits,
    private readonly maxKeys = 50_000,
  ) {}

  /**
   * Takes one attempt for `ip` and for `username`. Returns 0 when allowed, else the seconds until
   * the next attempt may pass (nothing is taken then).
   */
  take(ip: string, username: string, now = Date.now()): number {
    const a = this.bucket(`ip:${ip}`, this.limits.perIpPerMinute, now);
    const b = this.bucket(`user:${username}`, this.limits.perUserPerMinute, now);
    const waitA = a.tokens >= ONE ? 0 : secondsUntilOne(a, this.limits.perIpPerMinute);
    const waitB = b.tokens >= ONE ? 0 : secondsUntilOne(b, this.limits.perUserPerMinute);
    if (waitA > 0 || waitB > 0) return Math.max(waitA, waitB);
    a.tokens -= 1;
    b.tokens -= 1;
    return 0;
  }

  get size(): number {
    return this.buckets.size;
  }

  private bucket(key: string, perMinute: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      b = { tokens: perMinute, at: now };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    return b;
  }

  /** Drops buckets idle for a minute (they are full again, so forgetting them changes nothing), else the oldest tenth. */
  private evict(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(k);
    if (this.buckets.size < this.maxKeys) return;
    let drop = Math.ceil(this.maxKeys / 10);
    for (const k of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(k);
    }
  }
}

function secondsUntilOne(b: Bucket, perMinute: number): number {
  return Math.max(1, Math.ceil(((1 - b.tokens) / perMinute) * 60));
}
