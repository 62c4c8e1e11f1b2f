/**
 * The `cidr` modifier in SQL with the matcher's meaning (`node:net` `isIP` + `BlockList`): only
 * string values that `isIP` accepts are addresses (dotted quads without leading zeros; IPv6 in
 * any of its forms, embedded IPv4 tail and `%zone` included, the zone ignored). Addresses are
 * compared on one 128-bit line where IPv4 is mapped to `::ffff:a.b.c.d`, as `BlockList` does: an
 * IPv4 network matches the mapped IPv6 form of its addresses and an IPv6 network containing
 * `::ffff:0:0/96` matches plain IPv4 addresses. In SQL an address becomes 32 lower-case hex
 * digits, so a network is a range of strings.
 */
import { parseCidr } from '../../../hunt/index.ts';
import { type Frag, literal, raw, sql } from '../sql.ts';

// node's lib/internal/net.js, verbatim in meaning (RE2 accepts it as it is).
const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4_STR = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = '(?:[0-9a-fA-F]{1,4})';
export const IPV4_RE = `^${V4_STR}$`;
export const IPV6_RE =
  '^(?:' +
  `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
  `(?:${V6_SEG}:){6}(?:${V4_STR}|:${V6_SEG}|:)|` +
  `(?:${V6_SEG}:){5}(?::${V4_STR}|(?::${V6_SEG}){1,2}|:)|` +
  `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4_STR}|(?::${V6_SEG}){1,3}|:)|` +
  `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4_STR}|(?::${V6_SEG}){1,4}|:)|` +
  `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4_STR}|(?::${V6_SEG}){1,5}|:)|` +
  `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4_STR}|(?::${V6_SEG}){1,6}|:)|` +
  `(?::(?:(?::${V6_SEG}){0,5}:${V4_STR}|(?::${V6_SEG}){1,7}|:))` +
  ')(?:%[0-9a-zA-Z.:\\-]{1,})?$';

/** Binds `value` to a lambda parameter for `body` (DuckDB has no LET): evaluated once. */
function bind(value: Frag, name: string, body: Frag): Frag {
  return sql`list_transform([${value}], ${raw(`lambda ${name}: `)}${body})[1]`;
}

/** Four dotted decimal octets (validated) as 8 hex digits. */
const v4Hex = (x: Frag): Frag => {
  const o = (k: number) => sql`CAST(split_part(${x}, '.', ${raw(String(k))}) AS INTEGER)`;
  return sql`printf('%02x%02x%02x%02x', ${o(1)}, ${o(2)}, ${o(3)}, ${o(4)})`;
};

/** An IPv6 address accepted by IPV6_RE, lower-cased, without zone: 32 hex digits. */
function v6Hex(a: Frag): Frag {
  // The embedded IPv4 tail (after the last colon) becomes two groups.
  const tail = sql`regexp_extract(${a}, '[^:]*$')`;
  const o = (k: number) => sql`CAST(split_part(${tail}, '.', ${raw(String(k))}) AS INTEGER)`;
  const withoutV4 = sql`(CASE WHEN contains(${a}, '.') THEN left(${a}, length(${a}) - length(${tail})) || printf('%x:%x', ${o(1)} * 256 + ${o(2)}, ${o(3)} * 256 + ${o(4)}) ELSE ${a} END)`;
  const b = raw('ip6b__');
  const groups = (part: Frag): Frag =>
    sql`(CASE WHEN ${part} = '' THEN CAST([] AS VARCHAR[]) ELSE string_split(${part}, ':') END)`;
  const head = groups(sql`split_part(${b}, '::', 1)`);
  const rest = groups(sql`split_part(${b}, '::', 2)`);
  const zeros = sql`list_transform(range(8 - len(${head}) - len(${rest})), lambda z__: '0')`;
  const all = sql`(CASE WHEN contains(${b}, '::') THEN ${head} || ${zeros} || ${rest} ELSE string_split(${b}, ':') END)`;
  const hex = sql`array_to_string(list_transform(${all}, lambda g__: lpad(g__, 4, '0')), '')`;
  return bind(withoutV4, 'ip6b__', hex);
}

/** The 32-hex-digit form of an address as `isIP` accepts it, else NULL. */
export function ipHex(x: Frag): Frag {
  const a = raw('ipx__');
  const body = sql`(CASE WHEN regexp_full_match(${a}, ${literal(IPV4_RE)}) THEN '00000000000000000000ffff' || ${v4Hex(a)} WHEN regexp_full_match(${a}, ${literal(IPV6_RE)}) THEN ${bind(sql`lower(split_part(${a}, '%', 1))`, 'ip6a__', v6Hex(raw('ip6a__')))} END)`;
  return bind(x, 'ipx__', body);
}

const hex32 = (n: bigint): string => n.toString(16).padStart(32, '0');

/** The lowest and highest address of a network, as 32 hex digits. */
export function cidrRange(network: string, prefix: number): { lo: string; hi: string } {
  const r = parseCidr(`${network}/${prefix}`);
  if (r === null) throw new Error(`not a CIDR network: ${network}/${prefix}`);
  return { lo: hex32(r.lo), hi: hex32(r.hi) };
}

/** The address (as ipHex gives it) lies in the network. */
export function cidrPred(network: string, prefix: number): (hex: Frag) => Frag {
  const { lo, hi } = cidrRange(network, prefix);
  return (hex) => sql`(${hex} BETWEEN ${lo} AND ${hi})`;
}
