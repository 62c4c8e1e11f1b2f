import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipToBigInt, ipv4ToNumber, parseCidr } from './ip.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);
const mapped = (n: number): bigint => 0xffff00000000n + BigInt(n);

describe('IP addresses as numbers', () => {
  it.each<[string, number]>([
    ['0.0.0.0', 0],
    ['10.1.2.3', 0x0a010203],
    ['255.255.255.255', 0xffffffff],
  ])('reads IPv4 %s', (text, n) => {
    expect(ipv4ToNumber(text)).toBe(n);
    expect(ipToBigInt(text)).toBe(mapped(n));
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '1.2.3.'])(
    'rejects %j as IPv4',
    (text) => {
      expect(ipv4ToNumber(text)).toBe(-1);
    },
  );

  it.each<[string, bigint]>([
    ['::', 0n],
    ['::1', 1n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 0x20010db8000000000000000000000001n],
    ['fe80::1%eth0', 0xfe800000000000000000000000000001n],
    ['::ffff:10.1.2.3', mapped(0x0a010203)],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
    ['1::', 0x00010000000000000000000000000000n],
  ])('reads IPv6 %s', (text, n) => {
    expect(ipToBigInt(text)).toBe(n);
  });

  it.each([
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    ':1::',
    '1::2:',
    '::1.2.3',
    '1:2:3:4:5:6:7::8',
  ])('rejects %j as IPv6', (text) => {
    expect(ipToBigInt(text)).toBeNull();
  });

  it('property: any 128-bit number printed in full or with :: reads back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(7), fc.nat(8), (n, start, len) => {
        const groups = Array.from({ length: 8 }, (_, k) => Number((n >> BigInt(112 - 16 * k)) & 0xffffn));
        expect(ipToBigInt(groups.map((g) => g.toString(16)).join(':'))).toBe(n);
        const end = Math.min(8, start + Math.max(1, len));
        if (groups.slice(start, end).every((g) => g === 0)) {
          const text = `${groups
            .slice(0, start)
            .map((g) => g.toString(16))
            .join(':')}::${groups
            .slice(end)
            .map((g) => g.toString(16))
            .join(':')}`;
          expect(ipToBigInt(text)).toBe(n);
        }
      }),
      { numRuns },
    );
  });
});

describe('CIDR ranges', () => {
  it.each<[string, bigint, bigint]>([
    ['10.0.0.0/8', mapped(0x0a000000), mapped(0x0affffff)],
    ['10.1.2.3/32', mapped(0x0a010203), mapped(0x0a010203)],
    ['10.1.2.3/24', mapped(0x0a010200), mapped(0x0a0102ff)],
    ['0.0.0.0/0', mapped(0), mapped(0xffffffff)],
    ['2001:db8::/32', 0x20010db8000000000000000000000000n, 0x20010db8ffffffffffffffffffffffffn],
    ['::/0', 0n, (1n << 128n) - 1n],
    ['::1/128', 1n, 1n],
  ])('%s', (text, lo, hi) => {
    expect(parseCidr(text)).toMatchObject({ lo, hi });
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0/8',
    '::/129',
    'fe80::1%eth0/64',
    '10.0.0.0/8/8',
    '/8',
    'x/8',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });
});
