import { describe, expect, it } from 'vitest';
import { communityId, newFlow } from './flow.ts';
import { Rng } from './random.ts';

describe('communityId', () => {
  it('matches the Community ID v1 reference value and is direction-independent', () => {
    // The spec's baseline example: TCP 128.232.110.120:34855 -> 66.35.250.204:80, seed 0.
    expect(communityId('128.232.110.120', 34855, '66.35.250.204', 80, 'tcp')).toBe(
      '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    );
    expect(communityId('66.35.250.204', 80, '128.232.110.120', 34855, 'tcp')).toBe(
      '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    );
  });

  it('differs by protocol and port', () => {
    const a = communityId('10.0.0.1', 1000, '10.0.0.2', 53, 'udp');
    expect(a).not.toBe(communityId('10.0.0.1', 1000, '10.0.0.2', 53, 'tcp'));
    expect(a).not.toBe(communityId('10.0.0.1', 1001, '10.0.0.2', 53, 'udp'));
  });
});

describe('newFlow', () => {
  it('makes a Zeek-style uid and a safe-integer flow id', () => {
    const f = newFlow(new Rng(1), 0, '10.0.0.1', 50000, '198.51.100.1', 443);
    expect(f.uid).toMatch(/^C[0-9A-Za-z]{17}$/);
    expect(Number.isSafeInteger(f.flowId)).toBe(true);
    expect(f.flowId).toBeGreaterThan(0);
  });
});
