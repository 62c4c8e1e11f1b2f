/**
 * What one correlation group keeps of its window, per correlation type, and the aggregate its
 * condition is checked on. Every aggregate saves to plain JSON data and loads back to the same
 * state (snapshots), and keeps at most its cap of entries.
 *
 * - count (event_count): the newest hit times, at most `entryCap` (≥ threshold + 1) of them:
 *   min(count, cap) decides every comparison of the condition exactly. The time of the oldest hit
 *   of a fuller window is not kept (it could need every hit): firstTime is that of the hits counted.
 * - distinct (value_count): each value's latest time, the `entryCap` newest (same argument).
 * - numbers (value_sum, value_avg, value_percentile with `percentile`): (time, number) entries,
 *   the running sum, and a sorted copy for percentiles (nearest rank).
 * - shares (value_percentile without `percentile`, the specification's reading): the share in % of
 *   the group's window hits that carry the current hit's value ("a value seen in ≤ 1% of them").
 * - temporal: each referenced rule's latest hit time; the aggregate is how many are in the window.
 * - ordered (temporal_ordered): per step, the latest-starting chain of hits in rule order.
 */
import { z } from 'zod';
import type { CompiledCorrelation } from './compile.ts';
import { LatestTimes, TimeDeque } from './window.ts';

/** What a hit brings to an aggregate. */
export interface AggInput {
  /** The index of the referenced rule (in CompiledCorrelation.refs). */
  ref: number;
  /** Its positions in the correlation's rules list. */
  positions: readonly number[];
  /** The aggregated field(s) as one text key (value_count, shares). */
  key: string;
  /** The aggregated field as a number (value_sum/avg, percentile). */
  num: number;
}

const time = z.number();
const maybeTime = z.number().nullable();

export const aggStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), times: z.array(time) }),
  z.object({ kind: z.literal('distinct'), seen: z.array(z.tuple([z.string(), time])) }),
  z.object({ kind: z.literal('numbers'), entries: z.array(z.tuple([time, z.number()])), sum: z.number() }),
  z.object({ kind: z.literal('shares'), entries: z.array(z.tuple([time, z.string()])) }),
  z.object({ kind: z.literal('temporal'), last: z.array(maybeTime) }),
  z.object({ kind: z.literal('ordered'), start: z.array(maybeTime), end: z.array(maybeTime) }),
]);
export type AggState = z.infer<typeof aggStateSchema>;

export interface Aggregate {
  /** Adds a hit; returns how many entries past the cap were dropped (not counting lossless trims). */
  add(t: number, x: AggInput): number;
  /** Forgets what lies before `cut` (the window's start). */
  expire(cut: number): void;
  value(end: number, x: AggInput): number;
  /**
   * The time of the oldest hit that `value` counts (README, "Match times"): for count and
   * distinct, whose value stops at the cap, the oldest of the newest hits (latest sightings) kept.
   */
  firstTime(end: number): number | undefined;
  save(): AggState;
}

class Count implements Aggregate {
  times = new TimeDeque<0>();
  constructor(private readonly cap: number) {}
  add(t: number): number {
    this.times.push(t, 0);
    while (this.times.length > this.cap) this.times.shift();
    return 0;
  }
  expire(cut: number): void {
    this.times.expireBefore(cut);
  }
  value(): number {
    return this.times.length;
  }
  firstTime(): number | undefined {
    return this.times.firstTime();
  }
  save(): AggState {
    return { kind: 'count', times: this.times.entries().map(([t]) => t) };
  }
}

class Distinct implements Aggregate {
  seen = new LatestTimes();
  constructor(private readonly cap: number) {}
  add(t: number, x: AggInput): number {
    this.seen.touch(x.key, t);
    while (this.seen.size > this.cap) this.seen.dropOldest();
    return 0;
  }
  expire(cut: number): void {
    this.seen.expireBefore(cut);
  }
  value(): number {
    return this.seen.size;
  }
  firstTime(): number | undefined {
    return this.seen.firstTime();
  }
  save(): AggState {
    return { kind: 'distinct', seen: this.seen.entries() };
  }
}

function lowerBound(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Numbers implements Aggregate {
  entries = new TimeDeque<number>();
  sum = 0;
  /** The values sorted, kept only for percentiles. */
  sorted: number[] | null;
  constructor(
    private readonly cap: number,
    private readonly mode: 'sum' | 'avg' | number,
  ) {
    this.sorted = typeof mode === 'number' ? [] : null;
  }
  add(t: number, x: AggInput): number {
    this.entries.push(t, x.num);
    this.sum += x.num;
    if (this.sorted !== null) this.sorted.splice(lowerBound(this.sorted, x.num), 0, x.num);
    let dropped = 0;
    while (this.entries.length > this.cap) {
      this.remove(this.entries.shift() as number);
      dropped++;
    }
    return dropped;
  }
  private remove(v: number): void {
    this.sum -= v;
    if (this.sorted !== null) this.sorted.splice(lowerBound(this.sorted, v), 1);
  }
  expire(cut: number): void {
    this.entries.expireBefore(cut, (v) => this.remove(v));
    if (this.entries.length === 0) this.sum = 0;
  }
  value(): number {
    const n = this.entries.length;
    if (this.mode === 'sum') return this.sum;
    if (this.mode === 'avg') return n === 0 ? 0 : this.sum / n;
    const s = this.sorted as number[];
    if (s.length === 0) return 0;
    const rank = Math.min(s.length, Math.max(1, Math.ceil((this.mode / 100) * s.length)));
    return s[rank - 1] as number;
  }
  firstTime(): number | undefined {
    return this.entries.firstTime();
  }
  save(): AggState {
    return { kind: 'numbers', entries: this.entries.entries(), sum: this.sum };
  }
}

class Shares implements Aggregate {
  entries = new TimeDeque<string>();
  counts = new Map<string, number>();
  constructor(private readonly cap: number) {}
  add(t: number, x: AggInput): number {
    this.entries.push(t, x.key);
    this.counts.set(x.key, (this.counts.get(x.key) ?? 0) + 1);
    let dropped = 0;
    while (this.entries.length > this.cap) {
      this.remove(this.entries.shift() as string);
      dropped++;
    }
    return dropped;
  }
  private remove(k: string): void {
    const n = (this.counts.get(k) ?? 1) - 1;
    if (n === 0) this.counts.delete(k);
    else this.counts.set(k, n);
  }
  expire(cut: number): void {
    this.entries.expireBefore(cut, (k) => this.remove(k));
  }
  value(_end: number, x: AggInput): number {
    const n = this.entries.length;
    return n === 0 ? 0 : ((this.counts.get(x.key) ?? 0) * 100) / n;
  }
  firstTime(): number | undefined {
    return this.entries.firstTime();
  }
  save(): AggState {
    return { kind: 'shares', entries: this.entries.entries() };
  }
}

class Temporal implements Aggregate {
  last: (number | null)[];
  constructor(
    refs: number,
    private readonly span: number,
  ) {
    this.last = new Array<number | null>(refs).fill(null);
  }
  add(t: number, x: AggInput): number {
    const held = this.last[x.ref];
    if (held === null || held === undefined || held < t) this.last[x.ref] = t;
    return 0;
  }
  expire(): void {}
  private inWindow(end: number): number[] {
    return this.last.filter((t): t is number => t !== null && t >= end - this.span);
  }
  value(end: number): number {
    return this.inWindow(end).length;
  }
  firstTime(end: number): number | undefined {
    const w = this.inWindow(end);
    return w.length === 0 ? undefined : Math.min(...w);
  }
  save(): AggState {
    return { kind: 'temporal', last: [...this.last] };
  }
}

/**
 * temporal_ordered: for each step k, the chain of hits of rules 1..k in order (times
 * non-decreasing) that starts latest, with its start and end. A hit of rule k extends the chain of
 * step k-1 when that chain ended no later than the hit and started at most a timespan before it.
 */
class Ordered implements Aggregate {
  start: (number | null)[];
  end: (number | null)[];
  constructor(
    steps: number,
    private readonly span: number,
  ) {
    this.start = new Array<number | null>(steps).fill(null);
    this.end = new Array<number | null>(steps).fill(null);
  }
  add(t: number, x: AggInput): number {
    // later positions first, so that one hit never extends a chain it has just started
    for (const p of [...x.positions].sort((a, b) => b - a)) {
      let s: number;
      if (p === 0) s = t;
      else {
        const ps = this.start[p - 1];
        const pe = this.end[p - 1];
        if (ps === null || ps === undefined || pe === null || pe === undefined) continue;
        if (pe > t || ps < t - this.span) continue;
        s = ps;
      }
      const cs = this.start[p];
      const ce = this.end[p];
      if (
        cs === null ||
        cs === undefined ||
        s > cs ||
        (s === cs && ce !== null && ce !== undefined && t < ce)
      ) {
        this.start[p] = s;
        this.end[p] = t;
      }
    }
    return 0;
  }
  expire(): void {}
  private reached(end: number): number {
    let k = 0;
    while (k < this.start.length) {
      const s = this.start[k];
      if (s === null || s === undefined || s < end - this.span) break;
      k++;
    }
    return k;
  }
  value(end: number): number {
    return this.reached(end);
  }
  firstTime(end: number): number | undefined {
    const k = this.reached(end);
    return k === 0 ? undefined : (this.start[k - 1] ?? undefined);
  }
  save(): AggState {
    return { kind: 'ordered', start: [...this.start], end: [...this.end] };
  }
}

function kindOf(c: CompiledCorrelation): AggState['kind'] {
  switch (c.type) {
    case 'event_count':
      return 'count';
    case 'value_count':
      return 'distinct';
    case 'value_sum':
    case 'value_avg':
      return 'numbers';
    case 'value_percentile':
      return c.percentile === undefined ? 'shares' : 'numbers';
    case 'temporal':
      return 'temporal';
    default:
      return 'ordered';
  }
}

export function newAggregate(c: CompiledCorrelation): Aggregate {
  switch (kindOf(c)) {
    case 'count':
      return new Count(c.entryCap);
    case 'distinct':
      return new Distinct(c.entryCap);
    case 'numbers':
      return new Numbers(
        c.entryCap,
        c.type === 'value_sum' ? 'sum' : c.type === 'value_avg' ? 'avg' : (c.percentile as number),
      );
    case 'shares':
      return new Shares(c.entryCap);
    case 'temporal':
      return new Temporal(c.refs.length, c.spanMs);
    default:
      return new Ordered(c.steps, c.spanMs);
  }
}

/** The aggregate saved as `s`, or undefined when `s` is not of this correlation's kind. */
export function loadAggregate(c: CompiledCorrelation, s: AggState): Aggregate | undefined {
  if (s.kind !== kindOf(c)) return undefined;
  const a = newAggregate(c);
  if (a instanceof Count && s.kind === 'count') {
    for (const t of s.times) a.add(t);
  } else if (a instanceof Distinct && s.kind === 'distinct') {
    a.seen = LatestTimes.from(s.seen);
    while (a.seen.size > c.entryCap) a.seen.dropOldest();
  } else if (a instanceof Numbers && s.kind === 'numbers') {
    for (const [t, v] of s.entries) a.add(t, { ref: 0, positions: [], key: '', num: v });
    a.sum =
      s.sum - s.entries.slice(0, Math.max(0, s.entries.length - c.entryCap)).reduce((x, [, v]) => x + v, 0);
  } else if (a instanceof Shares && s.kind === 'shares') {
    for (const [t, k] of s.entries) a.add(t, { ref: 0, positions: [], key: k, num: 0 });
  } else if (a instanceof Temporal && s.kind === 'temporal') {
    if (s.last.length !== a.last.length) return undefined;
    a.last = [...s.last];
  } else if (a instanceof Ordered && s.kind === 'ordered') {
    if (s.start.length !== a.start.length || s.end.length !== a.end.length) return undefined;
    a.start = [...s.start];
    a.end = [...s.end];
  } else return undefined;
  return a;
}
