/**
 * A network flow as both network sensors see it: the 5-tuple, Zeek's connection uid, Suricata's
 * flow_id and the Community ID (v1, seed 0) that lets the two be joined.
 */
import { createHash } from 'node:crypto';
import type { Rng } from './random.ts';

export interface Flow {
  /** Start of the flow, epoch ms. */
  start: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  proto: 'tcp' | 'udp';
  uid: string;
  flowId: number;
  communityId: string;
}

function ipBytes(ip: string): number[] {
  return ip.split('.').map((x) => Number(x) & 255);
}

/** Community ID v1 (https://github.com/corelight/community-id-spec), seed 0. */
export function communityId(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  proto: 'tcp' | 'udp',
): string {
  const a = ipBytes(src);
  const b = ipBytes(dst);
  let swap = false;
  for (let i = 0; i < 4; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) {
      swap = (a[i] ?? 0) > (b[i] ?? 0);
      break;
    }
    if (i === 3) swap = sport > dport;
  }
  const [ip1, ip2, p1, p2] = swap ? [b, a, dport, sport] : [a, b, sport, dport];
  const buf = Buffer.from([
    0,
    0,
    ...ip1,
    ...ip2,
    proto === 'tcp' ? 6 : 17,
    0,
    p1 >> 8,
    p1 & 255,
    p2 >> 8,
    p2 & 255,
  ]);
  return `1:${createHash('sha1').update(buf).digest('base64')}`;
}

export function newFlow(
  rng: Rng,
  start: number,
  src: string,
  sport: number,
  dst: string,
  dport: number,
  proto: 'tcp' | 'udp' = 'tcp',
): Flow {
  return {
    start,
    src,
    sport,
    dst,
    dport,
    proto,
    uid: `C${rng.base62(17)}`,
    flowId: rng.int(1, 2 ** 21) * 2 ** 30 + rng.int(0, 2 ** 30 - 1),
    communityId: communityId(src, sport, dst, dport, proto),
  };
}

export const ephemeral = (rng: Rng): number => rng.int(49152, 65535);
