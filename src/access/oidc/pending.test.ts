import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PendingLogins } from './pending.ts';

describe('pending sign-ins', () => {
  it('makes a fresh state, nonce and PKCE pair (S256 of the verifier) for each sign-in', async () => {
    const p = new PendingLogins();
    const a = await p.start('http://v/cb', '/');
    const b = await p.start('http://v/cb', '/');
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(a.codeChallenge).toBe(createHash('sha256').update(a.codeVerifier).digest('base64url'));
  });

  it('gives each state once', async () => {
    const p = new PendingLogins();
    const a = await p.start('http://v/cb', '/cases');
    expect(p.take(a.state)).toMatchObject({ ok: true, login: { returnTo: '/cases', nonce: a.nonce } });
    expect(p.take(a.state)).toEqual({ ok: false, reason: 'unknown or already used state' });
    expect(p.take('never-made')).toEqual({ ok: false, reason: 'unknown or already used state' });
  });

  it('refuses a state older than its lifetime', async () => {
    const p = new PendingLogins(600_000);
    const a = await p.start('http://v/cb', '/', 1_000_000);
    expect(p.take(a.state, 1_000_000 + 600_000)).toEqual({
      ok: false,
      reason: 'sign-in took longer than 10 minutes',
    });
  });

  it('stays bounded: the expired, then the oldest, make room', async () => {
    const p = new PendingLogins(1000, 3);
    const first = await p.start('http://v/cb', '/', 0);
    await p.start('http://v/cb', '/', 10);
    await p.start('http://v/cb', '/', 20);
    const fourth = await p.start('http://v/cb', '/', 30);
    expect(p.size).toBe(3);
    expect(p.take(first.state, 40).ok).toBe(false);
    expect(p.take(fourth.state, 40).ok).toBe(true);
    await p.start('http://v/cb', '/', 5000);
    expect(p.size).toBe(1);
  });
});
