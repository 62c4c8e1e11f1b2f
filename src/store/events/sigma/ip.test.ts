/**
 * The SQL reading of IP addresses for `cidr` against the matcher's own test (`cidrTest`, which
 * answers as node's `isIP` + `BlockList`): random addresses in every textual form (compressed,
 * upper-case, embedded IPv4, zones, IPv4-mapped) and malformed ones, random networks, evaluated
 * by DuckDB.
 */
import { isIP } from 'node:net';
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidrTest } from '../../../detect/engine/scalar.ts';
import { raw } from '../sql.ts';
import { cidrRange, ipHex } from './ip.ts';

let instance: DuckDBInstance;
let hexOf: (texts: string[]) => Promise<(string | null)[]>;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const hex = ipHex(raw('a'));
  hexOf = async (texts) => {
    const rows = (
      await conn.runAndReadAll(
        `SELECT ${hex.text} FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(a, k) ORDER BY k`,
        [...hex.params, listValue(texts)],
      )
    ).getRows();
    return rows.map((r) => (r[0] === null ? null : String(r[0])));
  };
});
afterAll(() => instance.closeSync());

const octet = fc.integer({ min: 0, max: 255 });
const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const group = fc.oneof(
  fc.constantFrom(0, 1, 0xffff, 0xa01, 0xdb8, 0x2001, 0xfe80),
  fc.integer({ min: 0, max: 0xffff }),
);
/** An IPv6 address as text: full or compressed, any case, maybe an IPv4 tail or a zone. */
const v6 = fc
  .record({
    groups: fc.array(group, { minLength: 8, maxLength: 8 }),
    mapped: fc.boolean(),
    tail: fc.option(v4),
    compress: fc.option(fc.tuple(fc.nat(7), fc.nat(8))),
    upper: fc.boolean(),
    pad: fc.boolean(),
    zone: fc.option(fc.constantFrom('%eth0', '%1', '%')),
  })
  .map((a) => {
    const g = a.mapped ? [0, 0, 0, 0, 0, 0xffff, a.groups[6] ?? 0, a.groups[7] ?? 0] : a.groups;
    let parts = g.map((x) => x.toString(16).padStart(a.pad ? 4 : 1, '0'));
    if (a.tail !== null) parts = [...parts.slice(0, 6), a.tail];
    let text = parts.join(':');
    if (a.compress !== null) {
      const [at, len] = a.compress;
      const head = parts.slice(0, at);
      const rest = parts.slice(Math.min(parts.length, at + len));
      text = `${head.join(':')}::${rest.join(':')}`;
    }
    if (a.upper) text = text.toUpperCase();
    return text + (a.zone ?? '');
  });
const junk = fc
  .array(fc.constantFrom('0', '1', 'a', 'F', 'g', ':', '::', '.', '%', ' ', '01', '255', '256'), {
    maxLength: 10,
  })
  .map((p) => p.join(''));
const address = fc.oneof(
  v4,
  v4.map((a) => a.replace(/^(\d)/, '0$1')),
  v6,
  junk,
);
const network = fc.oneof(
  fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => ({ network: a, prefix: p, v: 4 as const })),
  fc
    .tuple(
      v6.filter((a) => isIP(a) === 6 && !a.includes('%')),
      fc.integer({ min: 0, max: 128 }),
    )
    .map(([a, p]) => ({ network: a, prefix: p, v: 6 as const })),
);

describe('ipHex and cidrRange', () => {
  it('property: an address is in a network exactly when the matcher says so', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(address, { minLength: 1, maxLength: 20 }), network, async (addrs, net) => {
        const inNetwork = cidrTest([{ network: net.network, prefix: net.prefix, version: net.v }]);
        const { lo, hi } = cidrRange(net.network, net.prefix);
        const hex = await hexOf(addrs);
        addrs.forEach((a, i) => {
          const v = isIP(a);
          const want = inNetwork(a);
          const h = hex[i] ?? null;
          expect({ a, inNet: h !== null && h >= lo && h <= hi }).toEqual({ a, inNet: want });
          expect({ a, isAddress: h !== null }).toEqual({ a, isAddress: v !== 0 });
        });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('maps IPv4 into IPv6 as ::ffff:a.b.c.d', async () => {
    expect(await hexOf(['10.1.2.3', '::ffff:10.1.2.3', '::FFFF:A01:203%eth0', '::1', '010.1.2.3'])).toEqual([
      '00000000000000000000ffff0a010203',
      '00000000000000000000ffff0a010203',
      '00000000000000000000ffff0a010203',
      '00000000000000000000000000000001',
      null,
    ]);
    expect(cidrRange('10.0.0.0', 8)).toEqual({
      lo: '00000000000000000000ffff0a000000',
      hi: '00000000000000000000ffff0affffff',
    });
  });
});
