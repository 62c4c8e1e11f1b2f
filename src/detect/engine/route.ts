/**
 * Routing events to logsource groups: each distinct logsource condition is compiled to a closure
 * (with the pipelines' `evaluateCondition` meaning), and indexed by the field values it requires
 * (`winlog.channel`, `winlog.event_id`...), so that an event only evaluates the conditions whose
 * required value it carries.
 */
import type { ConditionValue, EventCondition } from '../pipelines/index.ts';
import { anyElement } from './scalar.ts';
import type { EventRecord } from './types.ts';

export type Predicate = (event: EventRecord) => boolean;

/** The logsource condition as a closure. */
export function compileEventCondition(cond: EventCondition): Predicate {
  if ('all' in cond) {
    const parts = cond.all.map(compileEventCondition);
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
  const wanted: readonly ConditionValue[] = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  if (wanted.length === 1) {
    const w = wanted[0];
    const eq = (x: unknown) => x === w;
    return (e) => Object.hasOwn(e, field) && anyElement(e[field], eq);
  }
  const eq = (x: unknown) => wanted.includes(x as ConditionValue);
  return (e) => Object.hasOwn(e, field) && anyElement(e[field], eq);
}

/** One field value an event must carry for a condition to hold (one of a list of them). */
export interface RouteKey {
  field: string;
  value: ConditionValue;
}

/** Field values of which the event must carry one for `cond` to hold; null when there are none. */
export function routeKeys(cond: EventCondition): RouteKey[] | null {
  if ('all' in cond) {
    let best: RouteKey[] | null = null;
    for (const c of cond.all) {
      const k = routeKeys(c);
      if (k !== null && (best === null || k.length < best.length)) best = k;
    }
    return best;
  }
  if ('any' in cond) {
    const out: RouteKey[] = [];
    for (const c of cond.any) {
      const k = routeKeys(c);
      if (k === null) return null;
      out.push(...k);
    }
    return out.length === 0 ? null : out;
  }
  const values = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  return values.map((value) => ({ field: cond.field, value }));
}

/** Items (logsource groups) found by the field values their conditions require. */
export class RouteIndex<T> {
  private readonly byField = new Map<string, Map<ConditionValue, number[]>>();
  private readonly unkeyed: number[] = [];
  private readonly stamp: Uint32Array;
  private epoch = 0;

  constructor(private readonly items: readonly { condition: EventCondition; item: T }[]) {
    this.stamp = new Uint32Array(items.length);
    items.forEach(({ condition }, i) => {
      const keys = routeKeys(condition);
      if (keys === null) {
        this.unkeyed.push(i);
        return;
      }
      for (const { field, value } of keys) {
        let m = this.byField.get(field);
        if (m === undefined) {
          m = new Map();
          this.byField.set(field, m);
        }
        const list = m.get(value);
        if (list === undefined) m.set(value, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
  }

  /** The items whose required values the event carries (their conditions still to be tested), in order. */
  candidates(event: EventRecord): T[] {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    const found: number[] = [...this.unkeyed];
    for (const [field, m] of this.byField) {
      const v = event[field];
      if (v === undefined || v === null) continue;
      const visit = (x: unknown) => {
        const list = m.get(x as ConditionValue);
        if (list === undefined) return;
        for (const i of list) {
          if (this.stamp[i] !== this.epoch) {
            this.stamp[i] = this.epoch;
            found.push(i);
          }
        }
      };
      if (Array.isArray(v)) for (const x of v) visit(x);
      else visit(v);
    }
    if (found.length > 1) found.sort((a, b) => a - b);
    return found.map((i) => (this.items[i] as { item: T }).item);
  }
}
