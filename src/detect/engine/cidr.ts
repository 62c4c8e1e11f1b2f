/**
 * IP addresses against CIDR networks, with the answers of node's `BlockList` (which the engine
 * used first) without its cost per check: addresses are read as 128 bits, an IPv4 address as its
 * IPv4-mapped IPv6 form `::ffff:a.b.c.d` and an IPv4 network `/n` as that form's `/96+n`, which is
 * how `BlockList` compares across the two families. A zone (`fe80::1%eth0`) is ignored.
 */
import { isIP } from 'node:net';

/** A network as the Sigma model writes it. */
export interface CidrNetwork {
  network: string;
  prefix: number;
  version: 4 | 6;
}

/** Reads an address `isIP` accepts into four 32-bit words; false otherwise. */
export function readAddress(text: string, out: Uint32Array): boolean {
  const v = isIP(text);
  if (v === 4) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0xffff;
    out[3] = readV4(text);
    return true;
  }
  if (v !== 6) return false;
  const zone = text.indexOf('%');
  readV6(zone < 0 ? text : text.slice(0, zone), out);
  return true;
}

/** A dotted quad already checked by `isIP`. */
function readV4(text: string): number {
  let word = 0;
  let part = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      word = (word << 8) | part;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return ((word << 8) | part) >>> 0;
}

/** An IPv6 address already checked by `isIP` (without its zone), as eight 16-bit groups. */
function readV6(text: string, out: Uint32Array): void {
  const groups: number[] = [];
  const tail: number[] = [];
  const gap = text.indexOf('::');
  const parse = (part: string, into: number[]) => {
    if (part === '') return;
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const w = readV4(g);
        into.push(w >>> 16, w & 0xffff);
      } else into.push(Number.parseInt(g, 16));
    }
  };
  if (gap < 0) parse(text, groups);
  else {
    parse(text.slice(0, gap), groups);
    parse(text.slice(gap + 2), tail);
    while (groups.length + tail.length < 8) groups.push(0);
    groups.push(...tail);
  }
  for (let w = 0; w < 4; w++) out[w] = (((groups[2 * w] ?? 0) << 16) | (groups[2 * w + 1] ?? 0)) >>> 0;
}

/** The 32-bit mask of word `w` (0..3) for a prefix of `bits` bits over 128. */
function maskWord(bits: number, w: number): number {
  const n = Math.max(0, Math.min(32, bits - 32 * w));
  return n === 0 ? 0 : n === 32 ? 0xffffffff : (0xffffffff << (32 - n)) >>> 0;
}

/** Addresses read lately (the same text is tested against many networks, by many rules). */
const SLOTS = 4;
const readTexts: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
const readOk = new Uint8Array(SLOTS);
const readWords = new Uint32Array(4 * SLOTS);
let readNext = 0;
const scratch = new Uint32Array(4);

/** The slot holding `text` read as an address (its words at 4 × slot), read now if need be. */
function slotOf(text: string): number {
  for (let k = 0; k < SLOTS; k++) if (readTexts[k] === text) return k;
  const k = readNext;
  readNext = (readNext + 1) % SLOTS;
  readTexts[k] = text;
  readOk[k] = readAddress(text, scratch) ? 1 : 0;
  readWords.set(scratch, 4 * k);
  return k;
}

/** A test of string values against a set of networks (IPv4 and IPv6). */
export function cidrTest(networks: readonly CidrNetwork[]): (x: unknown) => boolean {
  const n = networks.length;
  const nets = new Uint32Array(4 * n);
  const masks = new Uint32Array(4 * n);
  const word = new Uint32Array(4);
  networks.forEach((net, i) => {
    const bits = net.version === 4 ? 96 + net.prefix : net.prefix;
    if (!readAddress(net.network, word)) throw new Error(`"${net.network}" is not an IP address`);
    for (let w = 0; w < 4; w++) {
      const m = maskWord(bits, w);
      masks[4 * i + w] = m;
      nets[4 * i + w] = ((word[w] as number) & m) >>> 0;
    }
  });
  return (x) => {
    if (typeof x !== 'string') return false;
    const k = slotOf(x);
    if (readOk[k] === 0) return false;
    const a0 = readWords[4 * k] as number;
    const a1 = readWords[4 * k + 1] as number;
    const a2 = readWords[4 * k + 2] as number;
    const a3 = readWords[4 * k + 3] as number;
    for (let i = 0; i < 4 * n; i += 4) {
      if (
        (a3 & (masks[i + 3] as number)) >>> 0 === nets[i + 3] &&
        (a2 & (masks[i + 2] as number)) >>> 0 === nets[i + 2] &&
        (a1 & (masks[i + 1] as number)) >>> 0 === nets[i + 1] &&
        (a0 & (masks[i] as number)) >>> 0 === nets[i]
      )
        return true;
    }
    return false;
  };
}
