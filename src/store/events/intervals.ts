/**
 * Round histogram intervals: picks the smallest of 1s, 5s, 10s, 30s, 1m, 5m, 10m, 30m, 1h, 3h,
 * 12h, 1d, 7d, 30d that splits a time span into at most the wanted number of buckets, and lays
 * out the buckets aligned to multiples of the interval since the epoch (UTC).
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
export const ROUND_INTERVALS_MS = [
  S,
  5 * S,
  10 * S,
  30 * S,
  M,
  5 * M,
  10 * M,
  30 * M,
  H,
  3 * H,
  12 * H,
  D,
  7 * D,
  30 * D,
];

export function chooseInterval(spanMs: number, buckets: number): number {
  for (const i of ROUND_INTERVALS_MS) if (Math.ceil(spanMs / i) <= buckets) return i;
  return ROUND_INTERVALS_MS[ROUND_INTERVALS_MS.length - 1] as number;
}

export interface BucketLayout {
  intervalMs: number;
  /** Start of the first bucket (epoch ms), a multiple of intervalMs at or before `from`. */
  firstMs: number;
  count: number;
}

/** Buckets covering [fromMs, toMs). */
export function bucketLayout(fromMs: number, toMs: number, buckets: number): BucketLayout {
  const intervalMs = chooseInterval(Math.max(0, toMs - fromMs), buckets);
  const firstMs = Math.floor(fromMs / intervalMs) * intervalMs;
  const count = toMs > fromMs ? Math.ceil((toMs - firstMs) / intervalMs) : 0;
  return { intervalMs, firstMs, count };
}
