/**
 * IP addresses and CIDR networks as 128-bit numbers. IPv4 addresses are mapped into the IPv6
 * space the standard way (`::ffff:a.b.c.d`, RFC 4291 2.5.5.2), so one number line holds both
 * and a network is a closed range [lo, hi] on it. Used by the query parser to validate CIDRs
 * and by the event store to index and search IP fields.
 */

const V4_MAPPED = 0xffff00000000n;
const ALL_ONES = (1n << 128n) - 1n;

/** An IPv4 dotted quad to its 32-bit value, or -1. No leading zeros (`010` is ambiguous). */
export function ipv4ToNumber(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function parseGroups(part: string): number[] | null {
  if (part === '') return [];
  const groups: number[] = [];
  for (const g of part.split(':')) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
    groups.push(Number.parseInt(g, 16));
  }
  return groups;
}

function ipv6ToBigInt(text: string): bigint | null {
  let s = text;
  let embedded: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
    const v4 = ipv4ToNumber(last);
    if (v4 < 0) return null;
    embedded = [v4 >>> 16, v4 & 0xffff];
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  let groups: number[];
  if (halves.length === 2) {
    const right = [...tail, ...embedded];
    const missing = 8 - head.length - right.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...right];
  } else {
    groups = [...head, ...embedded];
    if (groups.length !== 8) return null;
  }
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/** An IPv4 or IPv6 address (an IPv6 zone `%eth0` is ignored) to its 128-bit number, or null. */
export function ipToBigInt(text: string): bigint | null {
  const v4 = ipv4ToNumber(text);
  if (v4 >= 0) return V4_MAPPED | BigInt(v4);
  if (!text.includes(':') || text.length > 64) return null;
  const zone = text.indexOf('%');
  return ipv6ToBigInt(zone >= 0 ? text.slice(0, zone) : text);
}

export interface CidrRange {
  /** Lowest and highest address of the network, as 128-bit numbers. */
  lo: bigint;
  hi: bigint;
  /** True when written as an IPv4 network. */
  v4: boolean;
}

/** `10.0.0.0/8` or `2001:db8::/32` to its address range, or null. Host bits may be set. */
export function parseCidr(text: string): CidrRange | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText) || addr.includes('%')) return null;
  const len = Number(lenText);
  const v4 = ipv4ToNumber(addr) >= 0;
  if (len > (v4 ? 32 : 128)) return null;
  const n = ipToBigInt(addr);
  if (n === null) return null;
  const bits = BigInt(v4 ? 96 + len : len);
  const hostMask = bits === 128n ? 0n : ALL_ONES >> bits;
  const lo = n & ~hostMask & ALL_ONES;
  return { lo, hi: lo | hostMask, v4 };
}
