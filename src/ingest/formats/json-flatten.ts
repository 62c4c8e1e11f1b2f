/**
 * Flattens parsed JSON into Vigil's flat event shape.
 *
 * - Nested objects become dotted keys: `{"source":{"ip":"10.0.0.1"}}` → `source.ip`. Keys that
 *   already contain dots are kept as written, so `{"id.orig_h":..}` and `{"id":{"orig_h":..}}`
 *   give the same field. When two paths give the same name the later one wins.
 * - Arrays whose elements are all scalars stay arrays (`[]` included).
 * - Arrays holding any object or array are kept whole as JSON text: the event model has no
 *   arrays of objects, and splitting `[{"a":1},{"a":2,"b":3}]` into parallel arrays would lose
 *   which values belonged together.
 * - Empty objects produce no field (the raw text stays in `event.original`).
 * - Depth cap ({@link MAX_FLATTEN_DEPTH}): an object nested deeper is kept as JSON text at the
 *   key where the cap was reached, so nothing is lost and recursion stays shallow.
 * - Field cap ({@link MAX_FLATTEN_FIELDS}, counted as fields are written): further fields are
 *   dropped and counted in `budget.dropped`; callers record that as `vigil.dropped_fields`. The
 *   cap bounds the per-event schema and memory a single hostile or runaway document can cost.
 */
import type { Scalar, VigilEvent } from '../../core/event.ts';
import { jsonText, newEvent, setOwn } from './json-values.ts';

/** Deepest object nesting flattened into separate fields (deeper parts are kept as JSON text). */
export const MAX_FLATTEN_DEPTH = 32;
/** Most fields one flattening writes; the rest are dropped and counted. */
export const MAX_FLATTEN_FIELDS = 2000;

/**
 * Dotted names by (prefix, key), so the same name is one string object every time. Building
 * `prefix + '.' + key` afresh per event costs far more than the store itself (a new string must be
 * hashed and internalized on every use as a property key); log keys repeat, so a cache makes that
 * a map lookup. It is bounded: names longer than {@link MAX_CACHED_NAME} characters and any past
 * {@link MAX_CACHED_NAMES} are built without caching (correct, only slower).
 */
const names = new Map<string, Map<string, string>>();
const MAX_CACHED_NAMES = 100_000;
const MAX_CACHED_NAME = 160;
let cachedNames = 0;

/** The cache of names under `prefix`, or null when the cache is full. */
function namesUnder(prefix: string): Map<string, string> | null {
  let byKey = names.get(prefix);
  if (byKey === undefined) {
    if (cachedNames >= MAX_CACHED_NAMES || prefix.length > MAX_CACHED_NAME) return null;
    byKey = new Map();
    names.set(prefix, byKey);
  }
  return byKey;
}

function nameIn(byKey: Map<string, string> | null, prefix: string, key: string): string {
  if (byKey === null) return `${prefix}.${key}`;
  let name = byKey.get(key);
  if (name === undefined) {
    name = `${prefix}.${key}`;
    if (cachedNames < MAX_CACHED_NAMES && name.length <= MAX_CACHED_NAME) {
      byKey.set(key, name);
      cachedNames++;
    }
  }
  return name;
}

/** `prefix.key` (or `key` for an empty prefix), from the name cache when possible. */
export function fieldName(prefix: string, key: string): string {
  return prefix === '' ? key : nameIn(namesUnder(prefix), prefix, key);
}

/** Shared count of fields written, so several flattenings into one event share one cap. */
export interface FlattenBudget {
  written: number;
  dropped: number;
}

export function newBudget(): FlattenBudget {
  return { written: 0, dropped: 0 };
}

function scalarArray(a: unknown[]): Scalar[] | null {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== null && typeof v === 'object') return null;
  }
  return a as Scalar[];
}

function write(out: VigilEvent, key: string, v: Scalar | Scalar[], budget: FlattenBudget): void {
  if (budget.written >= MAX_FLATTEN_FIELDS) {
    budget.dropped++;
    return;
  }
  budget.written++;
  setOwn(out, key, v);
}

/**
 * Writes `value` into `out` under `key` (an empty key with an object value writes the object's
 * own keys without a prefix). Scalars are written as they are; `undefined`, functions and
 * symbols (which JSON never holds) are skipped; bigints are written as text.
 */
export function flattenInto(
  out: VigilEvent,
  key: string,
  value: unknown,
  budget: FlattenBudget,
  depth = 0,
): void {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      if (key !== '') write(out, key, value, budget);
      return;
    case 'bigint':
      if (key !== '') write(out, key, String(value), budget);
      return;
    case 'object':
      break;
    default:
      return;
  }
  if (value === null) {
    if (key !== '') write(out, key, null, budget);
    return;
  }
  if (Array.isArray(value)) {
    if (key === '') return;
    const scalars = scalarArray(value);
    write(out, key, scalars === null ? jsonText(value) : scalars.slice(), budget);
    return;
  }
  if (depth >= MAX_FLATTEN_DEPTH && key !== '') {
    write(out, key, jsonText(value), budget);
    return;
  }
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (key === '') {
    for (const k of keys) flattenInto(out, k, o[k], budget, depth + 1);
    return;
  }
  const byKey = namesUnder(key);
  for (const k of keys) flattenInto(out, nameIn(byKey, key, k), o[k], budget, depth + 1);
}

/** Flattens one JSON object into a new event; `dropped` counts fields past the cap. */
export function flattenJson(value: Record<string, unknown>): { fields: VigilEvent; dropped: number } {
  const fields = newEvent();
  const budget = newBudget();
  flattenInto(fields, '', value, budget);
  return { fields, dropped: budget.dropped };
}
