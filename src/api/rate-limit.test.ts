import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows a burst, then the sustained rate, per key', () => {
    const r = new RateLimiter(100, 1000);
    expect(r.take('a', 1000, 0)).toBe(0);
    expect(r.take('a', 1, 0)).toBeGreaterThan(0);
    expect(r.take('b', 500, 0)).toBe(0);
    expect(r.take('a', 100, 1000)).toBe(0);
    expect(r.take('a', 100, 1000)).toBe(1);
  });
  it('tells how long to wait', () => {
    const r = new RateLimiter(10, 10);
    r.take('a', 10, 0);
    expect(r.take('a', 10, 0)).toBe(1);
    expect(r.take('a', 5, 0)).toBe(1);
  });
});
