import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.ts';

describe('login rate limits', () => {
  it('limits attempts per user name, whichever address they come from', () => {
    const l = new LoginLimiter({ perIpPerMinute: 100, perUserPerMinute: 3 });
    const t = 1_000_000;
    expect([1, 2, 3].map((i) => l.take(`10.0.0.${i}`, 'alice', t))).toEqual([0, 0, 0]);
    expect(l.take('10.0.0.9', 'alice', t)).toBe(20);
    expect(l.take('10.0.0.9', 'bob', t)).toBe(0);
  });

  it('limits attempts per address, whichever user names they try', () => {
    const l = new LoginLimiter({ perIpPerMinute: 2, perUserPerMinute: 100 });
    const t = 1_000_000;
    expect(l.take('198.51.100.7', 'a', t)).toBe(0);
    expect(l.take('198.51.100.7', 'b', t)).toBe(0);
    expect(l.take('198.51.100.7', 'c', t)).toBeGreaterThan(0);
    expect(l.take('198.51.100.8', 'c', t)).toBe(0);
  });

  it('refills continuously, and a refused attempt takes nothing', () => {
    const l = new LoginLimiter({ perIpPerMinute: 60, perUserPerMinute: 6 });
    const t = 5_000_000;
    for (let i = 0; i < 6; i++) expect(l.take('ip', 'alice', t)).toBe(0);
    expect(l.take('ip', 'alice', t)).toBe(10);
    expect(l.take('ip', 'alice', t + 9_000)).toBeGreaterThan(0);
    expect(l.take('ip', 'alice', t + 10_000)).toBe(0);
    expect(l.take('ip', 'alice', t + 10_000)).toBeGreaterThan(0);
  });

  it('keeps memory bounded under a spray of user names', () => {
    const l = new LoginLimiter({ perIpPerMinute: 1e9, perUserPerMinute: 5 }, 1000);
    for (let i = 0; i < 20_000; i++) l.take('203.0.113.5', `user${i}`, 1_000_000 + i);
    expect(l.size).toBeLessThanOrEqual(1000);
  });
});
