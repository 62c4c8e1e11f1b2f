/**
 * Routing events to logsource groups: each distinct logsource condition is compiled to a closure
 * (with the pipelines' `evaluateCondition` meaning), and indexed by the field values it requires
 * (`winlog.channel`, `winlog.event_id`...), so that an event only evaluates the conditions whose
 * required value it carries. Where a condition requires several values (`channel` and
 * `event_id`), it is indexed under the one that fewest conditions share.
 */
import type { ConditionValue, EventCondition } from '../pipelines/index.ts';
import type { EventRecord } from './types.ts';

export type Predicate = (event: EventRecord) => boolean;

function anyEqual(v: readonly unknown[], w: ConditionValue): boolean {
  for (const x of v) if (x === w) return true;
  return false;
}

function anyOf(v: readonly unknown[], wanted: readonly ConditionValue[]): boolean {
  for (const x of v) for (const w of wanted) if (x === w) return true;
  return false;
}

/** The logsource condition as a closure. */
export function compileEventCondition(cond: EventCondition): Predicate {
  if ('all' in cond) {
    const parts = cond.all.map(compileEventCondition);
    if (parts.length === 2) {
      const [a, b] = parts as [Predicate, Predicate];
      return (e) => a(e) && b(e);
    }
    return (e) => {
      for (const p of parts) if (!p(e)) return false;
      return true;
    };
  }
  if ('any' in cond) {
    const parts = cond.any.map(compileEventCondition);
    return (e) => {
      for (const p of parts) if (p(e)) return true;
      return false;
    };
  }
  const { field } = cond;
  // an inherited property is never a string or a number, nor an array: own-ness is checked last
  if (!Array.isArray(cond.equals) || cond.equals.length === 1) {
    const w = (Array.isArray(cond.equals) ? cond.equals[0] : cond.equals) as ConditionValue;
    return (e) => {
      const v = e[field];
      if (v === w) return Object.hasOwn(e, field);
      return Array.isArray(v) && anyEqual(v, w) && Object.hasOwn(e, field);
    };
  }
  const wanted: readonly ConditionValue[] = cond.equals;
  return (e) => {
    const v = e[field];
    if (v === undefined) return false;
    if (Array.isArray(v)) return anyOf(v, wanted) && Object.hasOwn(e, field);
    for (const w of wanted) if (v === w) return Object.hasOwn(e, field);
    return false;
  };
}

/** One field value an event must carry for a condition to hold (one of a list of them). */
export interface RouteKey {
  field: string;
  value: ConditionValue;
}

/**
 * Field values of which the event must carry one for `cond` to hold; null when there are none.
 * Of an `all`'s parts, the one whose keys weigh least (by default: the fewest keys) is taken.
 */
export function routeKeys(
  cond: EventCondition,
  weight: (k: RouteKey) => number = () => 1,
): RouteKey[] | null {
  if ('all' in cond) {
    let best: RouteKey[] | null = null;
    let bestWeight = Number.POSITIVE_INFINITY;
    for (const c of cond.all) {
      const k = routeKeys(c, weight);
      if (k === null) continue;
      const w = k.reduce((n, key) => n + weight(key), 0);
      if (w < bestWeight) {
        best = k;
        bestWeight = w;
      }
    }
    return best;
  }
  if ('any' in cond) {
    const out: RouteKey[] = [];
    for (const c of cond.any) {
      const k = routeKeys(c, weight);
      if (k === null) return null;
      out.push(...k);
    }
    return out.length === 0 ? null : out;
  }
  const values = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  return values.map((value) => ({ field: cond.field, value }));
}

/** Every (field, value) a condition names, once. */
function namedKeys(cond: EventCondition, out: Set<string>): Set<string> {
  if ('all' in cond) for (const c of cond.all) namedKeys(c, out);
  else if ('any' in cond) for (const c of cond.any) namedKeys(c, out);
  else
    for (const v of Array.isArray(cond.equals) ? cond.equals : [cond.equals]) out.add(keyId(cond.field, v));
  return out;
}

/** Every field a condition names, into `out`. */
function namedFields(cond: EventCondition, out: Set<string>): void {
  if ('all' in cond) for (const c of cond.all) namedFields(c, out);
  else if ('any' in cond) for (const c of cond.any) namedFields(c, out);
  else out.add(cond.field);
}

/**
 * What reading one more field for every event weighs against a key's value being shared by other
 * conditions (each sharing one costs the events carrying that value a condition test), spread
 * over the conditions that name the field.
 */
const FIELD_READ_WEIGHT = 50;

const keyId = (field: string, value: ConditionValue) => `${field}\u0000${typeof value}\u0000${value}`;

/** Items (logsource groups) found by the field values their conditions require. */
export class RouteIndex<T> {
  private readonly fields: string[] = [];
  private readonly byValue: Map<ConditionValue, number[]>[] = [];
  private readonly unkeyed: number[] = [];
  private readonly stamp: Uint32Array;
  private epoch = 0;
  /** The items found for the current event (the first `pick` returned), in item order. */
  readonly picked: T[];
  private readonly found: Int32Array;
  private count = 0;

  constructor(private readonly items: readonly { condition: EventCondition; item: T }[]) {
    this.stamp = new Uint32Array(items.length);
    this.found = new Int32Array(items.length);
    this.picked = items.map((x) => x.item);
    // how many conditions name each value (the rarer, the better a key), and each field
    const shared = new Map<string, number>();
    const named = new Map<string, number>();
    for (const { condition } of items) {
      const fields = new Set<string>();
      for (const k of namedKeys(condition, new Set())) shared.set(k, (shared.get(k) ?? 0) + 1);
      namedFields(condition, fields);
      for (const f of fields) named.set(f, (named.get(f) ?? 0) + 1);
    }
    // a key on a field few conditions name costs every event a read of that field (most events
    // carry `event.provider`, say, for a key only Microsoft 365 records match): such keys weigh
    // more, so that an `all` is keyed by the field the other conditions read anyway
    const weight = (k: RouteKey) =>
      (shared.get(keyId(k.field, k.value)) ?? 1) + FIELD_READ_WEIGHT / (named.get(k.field) ?? 1);
    items.forEach(({ condition }, i) => {
      const keys = routeKeys(condition, weight);
      if (keys === null) {
        this.unkeyed.push(i);
        return;
      }
      for (const { field, value } of keys) {
        let f = this.fields.indexOf(field);
        if (f < 0) {
          f = this.fields.length;
          this.fields.push(field);
          this.byValue.push(new Map());
        }
        const m = this.byValue[f] as Map<ConditionValue, number[]>;
        const list = m.get(value);
        if (list === undefined) m.set(value, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
  }

  /**
   * The items whose required values the event carries (their conditions still to be tested), in
   * item order (a new list).
   */
  candidates(event: EventRecord): T[] {
    return this.picked.slice(0, this.pick(event));
  }

  /**
   * Finds the items whose required values the event carries, in item order: the first n of
   * `picked` (overwritten by the next call); returns n.
   */
  pick(event: EventRecord): number {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    this.count = 0;
    for (const i of this.unkeyed) this.add(i);
    const { fields, byValue } = this;
    for (let f = 0; f < fields.length; f++) {
      const v = event[fields[f] as string];
      if (v === undefined || v === null) continue;
      const m = byValue[f] as Map<ConditionValue, number[]>;
      if (Array.isArray(v)) for (const x of v) this.visit(m.get(x as ConditionValue));
      else this.visit(m.get(v as ConditionValue));
    }
    // insertion sort: a handful of items (Array#sort would allocate)
    const found = this.found;
    const n = this.count;
    for (let k = 1; k < n; k++) {
      const x = found[k] as number;
      let j = k - 1;
      while (j >= 0 && (found[j] as number) > x) {
        found[j + 1] = found[j] as number;
        j--;
      }
      found[j + 1] = x;
    }
    for (let k = 0; k < n; k++) this.picked[k] = (this.items[found[k] as number] as { item: T }).item;
    return n;
  }

  private visit(list: number[] | undefined): void {
    if (list === undefined) return;
    for (const i of list) this.add(i);
  }

  private add(i: number): void {
    if (this.stamp[i] !== this.epoch) {
      this.stamp[i] = this.epoch;
      this.found[this.count++] = i;
    }
  }
}
