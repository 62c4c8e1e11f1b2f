/**
 * The streaming correlation engine: rule hits in, correlation matches out. Pure (no I/O, no
 * clock): time is the hits' event time, and `expire(nowMs)` is the only other input. State is per
 * tenant, correlation and group, bounded by the options' caps, and saved/restored as plain JSON
 * (`snapshot()`/`restore()`). The choices (when a group fires, late hits, expiry, generate, chains)
 * are written down in this folder's README.md.
 */

import type { Pipelines } from '../pipelines/index.ts';
import type { SigmaCorrelation, SigmaRule } from '../sigma/model.ts';
import { type AggInput, type Aggregate, loadAggregate, newAggregate } from './aggregate.ts';
import {
  type CompiledCorrelation,
  type CompiledCorrelations,
  compileCorrelations,
  type Route,
} from './compile.ts';
import { type CorrelationSnapshot, type RestoreOutcome, readSnapshot, SNAPSHOT_VERSION } from './snapshot.ts';
import {
  type CorrelationFailure,
  type CorrelationHit,
  type CorrelationMatch,
  type CorrelationOptions,
  type CorrelationStats,
  DEFAULT_OPTIONS,
} from './types.ts';
import { TimeDeque } from './window.ts';

interface Group {
  values: string[];
  /** The newest hit time: the window is [newest − timespan, newest]. */
  newest: number;
  /** The window end at which the group last fired. */
  firedAt: number | null;
  ids: TimeDeque<string>;
  agg: Aggregate;
}

interface CorrState {
  /** The newest hit time this correlation has seen for the tenant (or expire()'s time). */
  watermark: number;
  /** Ordered from least to most recently hit. */
  groups: Map<string, Group>;
}

interface TenantState {
  floor: number;
  corrs: Map<number, CorrState>;
}

interface Input {
  tenant: string;
  time: number;
  ids: readonly string[];
  event: Readonly<Record<string, unknown>>;
}

type Counters = Omit<CorrelationStats, 'groups'>;

const zeroCounters = (): Counters => ({
  hits: 0,
  late: 0,
  skipped: 0,
  matches: 0,
  evictedGroups: 0,
  evictedEntries: 0,
  expiredGroups: 0,
});

/** A field's value as text: scalars as written, arrays of several values as a JSON list. */
function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const parts = v.filter((x) => x !== null && x !== undefined).map((x) => textOf(x) as string);
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : JSON.stringify(parts);
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function read(event: Readonly<Record<string, unknown>>, targets: readonly string[]): string | undefined {
  for (const t of targets) {
    const s = textOf(event[t]);
    if (s !== undefined) return s;
  }
  return undefined;
}

function holds(v: number, compare: CompiledCorrelation['compare']): boolean {
  return compare.every(({ op, value }) => {
    switch (op) {
      case 'gt':
        return v > value;
      case 'gte':
        return v >= value;
      case 'lt':
        return v < value;
      case 'lte':
        return v <= value;
      case 'eq':
        return v === value;
      default:
        return v !== value;
    }
  });
}

const orNull = (n: number): number | null => (Number.isFinite(n) ? n : null);
const orMinus = (n: number | null): number => n ?? Number.NEGATIVE_INFINITY;

export class CorrelationEngine {
  private readonly opts: Required<CorrelationOptions>;
  private readonly list: readonly CompiledCorrelation[];
  private tenants = new Map<string, TenantState>();
  private floor = Number.NEGATIVE_INFINITY;
  private counters = zeroCounters();

  constructor(
    private readonly compiled: CompiledCorrelations,
    options: CorrelationOptions = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, ...options };
    this.list = compiled.correlations;
  }

  /** Whether a rule's own detections are reported (false when every correlation using it has generate: false). */
  reportsRule(ruleId: string): boolean {
    return !this.compiled.silentRules.has(ruleId);
  }

  /** Feeds one rule hit; returns the correlations it made fire (chained ones after the ones feeding them). */
  observe(hit: CorrelationHit): CorrelationMatch[] {
    let routes = this.compiled.byRuleKey.get(hit.ruleId);
    if (routes === undefined && hit.ruleName !== undefined)
      routes = this.compiled.byRuleName.get(hit.ruleName);
    if (routes === undefined) return [];
    this.counters.hits++;
    const out: CorrelationMatch[] = [];
    if (!Number.isFinite(hit.time)) {
      this.counters.skipped++;
      return out;
    }
    const input: Input = { tenant: hit.tenant, time: hit.time, ids: [hit.eventId], event: hit.event };
    for (const r of routes) this.feed(r, input, out);
    return out;
  }

  /**
   * Declares that event time has reached `nowMs` (for one tenant, or all): groups whose window
   * and lateness bound have passed are dropped, and hits older than the lateness bound are late.
   */
  expire(nowMs: number, tenant?: string): void {
    if (tenant === undefined) this.floor = Math.max(this.floor, nowMs);
    for (const [name, ts] of this.tenants) {
      if (tenant !== undefined && name !== tenant) continue;
      if (tenant !== undefined) ts.floor = Math.max(ts.floor, nowMs);
      for (const [i, st] of ts.corrs) {
        st.watermark = Math.max(st.watermark, nowMs);
        const c = this.list[i] as CompiledCorrelation;
        for (const [k, g] of st.groups) {
          if (this.closable(c, st, g)) {
            st.groups.delete(k);
            this.counters.expiredGroups++;
          }
        }
      }
    }
  }

  stats(): CorrelationStats {
    let groups = 0;
    for (const ts of this.tenants.values()) for (const st of ts.corrs.values()) groups += st.groups.size;
    return { ...this.counters, groups };
  }

  /** The whole state as plain, versioned JSON data (for storing with each batch commit). */
  snapshot(): CorrelationSnapshot {
    const { hits, late, skipped, matches, evictedGroups, evictedEntries, expiredGroups } = this.counters;
    return {
      version: SNAPSHOT_VERSION,
      floor: orNull(this.floor),
      stats: { hits, late, skipped, matches, evictedGroups, evictedEntries, expiredGroups },
      tenants: [...this.tenants].map(([tenant, ts]) => ({
        tenant,
        floor: orNull(ts.floor),
        correlations: [...ts.corrs].map(([i, st]) => {
          const c = this.list[i] as CompiledCorrelation;
          return {
            id: c.key,
            fingerprint: c.fingerprint,
            watermark: orNull(st.watermark),
            groups: [...st.groups].map(([key, g]) => ({
              key,
              values: [...g.values],
              newest: g.newest,
              firedAt: g.firedAt,
              ids: g.ids.entries(),
              agg: g.agg.save(),
            })),
          };
        }),
      })),
    };
  }

  /**
   * Replaces the state with a snapshot's. The state of correlations that are gone or whose
   * meaning changed (rules edited) is dropped and named in the outcome; a snapshot that is not
   * one of ours (wrong version, malformed) is refused whole and the state left empty.
   */
  restore(snapshot: unknown): RestoreOutcome {
    this.tenants = new Map();
    this.floor = Number.NEGATIVE_INFINITY;
    this.counters = zeroCounters();
    const parsed = readSnapshot(snapshot);
    if (!parsed.ok) return parsed;
    const s = parsed.snapshot;
    const byKey = new Map(this.list.map((c) => [c.key, c]));
    const dropped = new Set<string>();
    for (const t of s.tenants) {
      const ts: TenantState = { floor: orMinus(t.floor), corrs: new Map() };
      for (const cs of t.correlations) {
        const c = byKey.get(cs.id);
        if (c === undefined || c.fingerprint !== cs.fingerprint) {
          dropped.add(cs.id);
          continue;
        }
        const st: CorrState = { watermark: orMinus(cs.watermark), groups: new Map() };
        for (const gs of cs.groups) {
          const agg = loadAggregate(c, gs.agg);
          if (agg === undefined || gs.values.length !== c.groupBy.length) {
            dropped.add(cs.id);
            break;
          }
          const ids = TimeDeque.from(gs.ids);
          while (ids.length > this.opts.maxEventIds) ids.shift();
          st.groups.set(gs.key, { values: gs.values, newest: gs.newest, firedAt: gs.firedAt, ids, agg });
        }
        if (dropped.has(cs.id)) continue;
        while (st.groups.size > this.opts.maxGroups) this.evictOldest(st);
        ts.corrs.set(c.index, st);
      }
      this.tenants.set(t.tenant, ts);
    }
    this.floor = orMinus(s.floor);
    this.counters = { ...s.stats };
    return { ok: true, dropped: [...dropped] };
  }

  private state(tenant: string, c: CompiledCorrelation): CorrState {
    let ts = this.tenants.get(tenant);
    if (ts === undefined) {
      ts = { floor: Number.NEGATIVE_INFINITY, corrs: new Map() };
      this.tenants.set(tenant, ts);
    }
    let st = ts.corrs.get(c.index);
    if (st === undefined) {
      st = { watermark: Math.max(this.floor, ts.floor), groups: new Map() };
      ts.corrs.set(c.index, st);
    }
    return st;
  }

  /**
   * A group can be dropped once no accepted hit could ever see its entries again: accepted hits
   * are at most timespan + lateness behind the watermark, so their window starts after the
   * group's newest hit, and its last firing is more than a timespan behind them.
   */
  private closable(c: CompiledCorrelation, st: CorrState, g: Group): boolean {
    return g.newest < st.watermark - 2 * c.spanMs - this.opts.allowedLatenessMs;
  }

  /** Drops the closable groups at the front (least recently hit): O(1) amortized. */
  private sweep(c: CompiledCorrelation, st: CorrState): void {
    for (const [k, g] of st.groups) {
      if (!this.closable(c, st, g)) break;
      st.groups.delete(k);
      this.counters.expiredGroups++;
    }
  }

  private evictOldest(st: CorrState): void {
    for (const k of st.groups.keys()) {
      st.groups.delete(k);
      this.counters.evictedGroups++;
      break;
    }
  }

  private feed(route: Route, input: Input, out: CorrelationMatch[]): void {
    const c = this.list[route.corr] as CompiledCorrelation;
    const ref = c.refs[route.ref] as CompiledCorrelation['refs'][number];
    const st = this.state(input.tenant, c);
    const t = input.time;
    const lateBound = st.watermark - c.spanMs - this.opts.allowedLatenessMs;
    st.watermark = Math.max(st.watermark, t);
    this.sweep(c, st);
    if (t < lateBound) {
      this.counters.late++;
      return;
    }
    const values: string[] = [];
    for (const targets of ref.group) {
      const v = read(input.event, targets);
      if (v === undefined) {
        this.counters.skipped++;
        return;
      }
      values.push(v);
    }
    const x: AggInput = { ref: route.ref, positions: ref.positions, key: '', num: 0 };
    if (ref.values.length > 0) {
      const parts: string[] = [];
      for (const targets of ref.values) {
        const v = read(input.event, targets);
        if (v === undefined) {
          this.counters.skipped++;
          return;
        }
        parts.push(v);
      }
      x.key = parts.length === 1 ? (parts[0] as string) : JSON.stringify(parts);
      x.num = x.key.trim() === '' ? Number.NaN : Number(x.key);
      if (
        (c.type === 'value_sum' || c.type === 'value_avg' || c.percentile !== undefined) &&
        !Number.isFinite(x.num)
      ) {
        this.counters.skipped++;
        return;
      }
    }
    const key = JSON.stringify(values);
    let g = st.groups.get(key);
    if (g !== undefined) {
      if (t < g.newest - c.spanMs) {
        this.counters.late++;
        return;
      }
      st.groups.delete(key);
    } else {
      if (st.groups.size >= this.opts.maxGroups) this.evictOldest(st);
      g = { values, newest: t, firedAt: null, ids: new TimeDeque(), agg: newAggregate(c) };
    }
    st.groups.set(key, g);
    this.counters.evictedEntries += g.agg.add(t, x);
    for (const id of input.ids) g.ids.push(t, id);
    while (g.ids.length > this.opts.maxEventIds) g.ids.shift();
    g.newest = Math.max(g.newest, t);
    const end = g.newest;
    g.agg.expire(end - c.spanMs);
    g.ids.expireBefore(end - c.spanMs);
    const value = g.agg.value(end, x);
    if (!holds(value, c.compare)) return;
    if (g.firedAt !== null && end - g.firedAt <= c.spanMs) return;
    g.firedAt = end;
    this.counters.matches++;
    const group: Record<string, string> = {};
    c.groupBy.forEach((name, i) => {
      group[name] = g.values[i] as string;
    });
    const src = c.source;
    const match: CorrelationMatch = {
      correlationId: c.key,
      title: src.title,
      type: c.type,
      level: src.level,
      tags: src.tags,
      file: src.file,
      line: src.line,
      tenant: input.tenant,
      group,
      eventIds: g.ids.entries().map(([, id]) => id),
      firstTime: g.agg.firstTime(end) ?? end,
      lastTime: end,
      value,
      report: c.report,
    };
    out.push(match);
    for (const next of this.compiled.byCorrelation.get(c.index) ?? []) {
      this.feed(next, { tenant: input.tenant, time: end, ids: match.eventIds, event: group }, out);
    }
  }
}

/**
 * Compiles the correlations over the detection rules and makes an engine for those that compile;
 * the others come back in `failed` (file, line, reason).
 */
export function createCorrelationEngine(
  correlations: readonly SigmaCorrelation[],
  rules: readonly SigmaRule[],
  pipelines: Pipelines,
  options: CorrelationOptions = {},
): { engine: CorrelationEngine; failed: CorrelationFailure[] } {
  const compiled = compileCorrelations(correlations, rules, pipelines, options);
  return { engine: new CorrelationEngine(compiled, options), failed: compiled.failed };
}
