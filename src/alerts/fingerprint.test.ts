import { describe, expect, it } from 'vitest';
import { alertFingerprint, fingerprintEntities } from './fingerprint.ts';

const HOST_USER = ['host', 'user'] as const;

describe('alert fingerprints', () => {
  it('are hex SHA-256 of tenant, rule and the sorted entities of the configured types', () => {
    const a = alertFingerprint(
      'acme',
      'r1',
      [
        { type: 'user', value: 'bob' },
        { type: 'host', value: 'ws1' },
        { type: 'ip', value: '10.0.0.1' },
      ],
      HOST_USER,
    );
    const b = alertFingerprint(
      'acme',
      'r1',
      [
        { type: 'ip', value: '10.9.9.9' },
        { type: 'host', value: 'ws1' },
        { type: 'user', value: 'bob' },
        { type: 'user', value: 'bob' },
      ],
      HOST_USER,
    );
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('differ by tenant, rule, and any keyed entity', () => {
    const e = [{ type: 'host', value: 'ws1' }];
    const base = alertFingerprint('acme', 'r1', e, HOST_USER);
    expect(alertFingerprint('globex', 'r1', e, HOST_USER)).not.toBe(base);
    expect(alertFingerprint('acme', 'r2', e, HOST_USER)).not.toBe(base);
    expect(alertFingerprint('acme', 'r1', [{ type: 'host', value: 'ws2' }], HOST_USER)).not.toBe(base);
    expect(alertFingerprint('acme', 'r1', [...e, { type: 'user', value: 'x' }], HOST_USER)).not.toBe(base);
    expect(alertFingerprint('acme', 'r1', [...e, { type: 'ip', value: '1.2.3.4' }], ['host', 'ip'])).not.toBe(
      base,
    );
  });

  it('cannot be confused by separators inside values', () => {
    expect(alertFingerprint('a', 'b|c', [], HOST_USER)).not.toBe(alertFingerprint('a|b', 'c', [], HOST_USER));
  });

  it('keys on the configured types only, each entity once, sorted', () => {
    expect(
      fingerprintEntities(
        [
          { type: 'user', value: 'b' },
          { type: 'ip', value: '1.1.1.1' },
          { type: 'host', value: 'z' },
          { type: 'user', value: 'a' },
          { type: 'user', value: 'b' },
        ],
        HOST_USER,
      ),
    ).toEqual([
      { type: 'host', value: 'z' },
      { type: 'user', value: 'a' },
      { type: 'user', value: 'b' },
    ]);
  });
});
