/**
 * An alert's sparkline: detections per bucket of `bucketMinutes` from `start` (the first grouped
 * event, or earlier when an older event arrived later). At most `MAX_BUCKETS` buckets: when a later
 * event needs more, `start` moves forward and the oldest buckets are merged into the first, so
 * `counts[0]` holds everything before `start + bucketMinutes`. The counts always sum to the
 * number of detections added.
 */

export const MAX_BUCKETS = 288;

export interface Sparkline {
  /** ISO time the first bucket starts at. */
  start: string;
  bucketMinutes: number;
  counts: number[];
}

/** The sparkline of one detection at `time`. */
export function newSparkline(time: string, bucketMinutes: number): Sparkline {
  return { start: iso(time), bucketMinutes, counts: [1] };
}

/** The sparkline with one more detection at `time` (a new object; `s` is not changed). */
export function addToSparkline(s: Sparkline, time: string): Sparkline {
  const width = s.bucketMinutes * 60_000;
  const start = Date.parse(s.start);
  const t = Date.parse(time);
  const counts = [...s.counts];
  if (!Number.isFinite(t) || !Number.isFinite(start)) {
    counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
    return { ...s, counts };
  }
  if (t < start) {
    const before = Math.ceil((start - t) / width);
    if (counts.length + before > MAX_BUCKETS) {
      // No room for older buckets: the first bucket already stands for "up to its end".
      counts[0] = (counts[0] ?? 0) + 1;
      return { ...s, counts };
    }
    const grown = [1, ...new Array<number>(before - 1).fill(0), ...counts];
    return { ...s, start: new Date(start - before * width).toISOString(), counts: grown };
  }
  const index = Math.floor((t - start) / width);
  while (counts.length <= index) counts.push(0);
  counts[index] = (counts[index] ?? 0) + 1;
  if (counts.length <= MAX_BUCKETS) return { ...s, counts };
  const shift = counts.length - MAX_BUCKETS;
  const merged = counts.slice(0, shift + 1).reduce((a, b) => a + b, 0);
  return {
    ...s,
    start: new Date(start + shift * width).toISOString(),
    counts: [merged, ...counts.slice(shift + 1)],
  };
}

function iso(time: string): string {
  const t = Date.parse(time);
  return Number.isFinite(t) ? new Date(t).toISOString() : time;
}
