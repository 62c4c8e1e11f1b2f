/**
 * CIDR matching gives node's `BlockList` answers (IPv4, IPv6, IPv4-mapped addresses across the
 * two families, zones, odd prefixes): examples, and a differential property over random networks
 * and addresses near them.
 */
import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CidrNetwork, cidrTest } from './cidr.ts';

function reference(networks: readonly CidrNetwork[]): (x: unknown) => boolean {
  const list = new BlockList();
  for (const n of networks) list.addSubnet(n.network, n.prefix, n.version === 4 ? 'ipv4' : 'ipv6');
  // the engine's first implementation, kept as the reference
  return (x) => {
    if (typeof x !== 'string') return false;
    const v = isIP(x);
    if (v === 0) return false;
    return list.check(x, v === 4 ? 'ipv4' : 'ipv6');
  };
}

describe('cidrTest', () => {
  const v4: CidrNetwork = { network: '10.0.0.0', prefix: 8, version: 4 };
  const v6: CidrNetwork = { network: 'fe80::', prefix: 10, version: 6 };

  it('matches IPv4 and IPv6 addresses inside their networks only', () => {
    const t = cidrTest([v4, v6]);
    expect(t('10.1.2.3')).toBe(true);
    expect(t('11.1.2.3')).toBe(false);
    expect(t('FE80::1')).toBe(true);
    expect(t('fe80::1%eth0')).toBe(true);
    expect(t('fec0::1')).toBe(false);
  });

  it('compares IPv4 with IPv4-mapped IPv6 both ways, as BlockList does', () => {
    expect(cidrTest([v4])('::ffff:10.1.2.3')).toBe(true);
    expect(cidrTest([v4])('::ffff:a01:203')).toBe(true);
    expect(cidrTest([v4])('::10.1.2.3')).toBe(false);
    expect(cidrTest([{ network: '::ffff:10.0.0.0', prefix: 104, version: 6 }])('10.9.9.9')).toBe(true);
    expect(cidrTest([{ network: '::', prefix: 0, version: 6 }])('1.2.3.4')).toBe(true);
    expect(cidrTest([{ network: '0.0.0.0', prefix: 0, version: 4 }])('::1')).toBe(false);
  });

  it('refuses what is not an address', () => {
    const t = cidrTest([{ network: '0.0.0.0', prefix: 0, version: 4 }]);
    for (const x of ['010.1.2.3', ' 1.2.3.4', '1.2.3', 'fe80::1%', '', 'x', 42, null, ['1.2.3.4']]) {
      expect(t(x), String(x)).toBe(false);
    }
  });

  const byte = fc.integer({ min: 0, max: 255 });
  const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  const ipv4 = fc.tuple(byte, byte, byte, byte).map((b) => b.join('.'));
  const ipv6 = fc.oneof(
    fc.array(hex, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
    fc
      .tuple(fc.array(hex, { maxLength: 3 }), fc.array(hex, { maxLength: 3 }))
      .map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
    ipv4.map((a) => `::ffff:${a}`),
    fc.tuple(hex, ipv4).map(([h, a]) => `${h}::${a}`),
    fc
      .tuple(fc.array(hex, { minLength: 8, maxLength: 8 }), fc.constantFrom('%eth0', '%1'))
      .map(([g, z]) => g.join(':') + z),
  );
  const network = fc.oneof(
    fc
      .tuple(ipv4, fc.integer({ min: 0, max: 32 }))
      .map(([a, p]): CidrNetwork => ({ network: a, prefix: p, version: 4 })),
    fc
      .tuple(
        fc.oneof(
          ipv6.map((a) => a.replace(/%.*/, '')),
          ipv4.map((a) => `::ffff:${a}`),
        ),
        fc.integer({ min: 0, max: 128 }),
      )
      .map(([a, p]): CidrNetwork => ({ network: a, prefix: p, version: 6 })),
  );
  /** An address sharing a random number of leading characters with a network (so some fall inside). */
  const near = (nets: CidrNetwork[]) =>
    fc.oneof(
      ipv4,
      ipv6,
      fc.tuple(fc.constantFrom(...nets), fc.nat(4)).chain(([n, k]) =>
        n.version === 4
          ? fc.tuple(byte, byte).map(([a, b]) => {
              const parts = n.network.split('.');
              for (let i = 4 - Math.min(k, 2); i < 4; i++) parts[i] = String(i === 3 ? a : b);
              return parts.join('.');
            })
          : fc.constantFrom(n.network, `${n.network.replace(/::$/, '')}::1`.replace(/^::1$/, '::1')),
      ),
    );

  it('property: the same answers as BlockList', () => {
    let inside = 0;
    fc.assert(
      fc.property(
        fc
          .array(network, { minLength: 1, maxLength: 4 })
          .chain((nets) =>
            fc.tuple(fc.constant(nets), fc.array(near(nets), { minLength: 1, maxLength: 10 })),
          ),
        ([nets, addresses]) => {
          const ours = cidrTest(nets);
          const theirs = reference(nets);
          for (const a of addresses) {
            const answer = theirs(a);
            if (answer) inside++;
            expect(ours(a), `${a} in ${JSON.stringify(nets)}`).toBe(answer);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
    );
    expect(inside).toBeGreaterThan(100);
  });
});
