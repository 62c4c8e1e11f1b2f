/**
 * Filters beside the query text (the pills "add as filter" / "exclude" make), and the one query
 * they give together: `(text) field:"value" -other:"value"`. Each filter is a term of Vigil's
 * search language that means exactly "equals" (strings quoted, so no wildcard or CIDR reading).
 */
import { isValidFieldName } from '../../shared.ts';

export type FilterValue = string | number | boolean | null;

export interface Filter {
  field: string;
  value: FilterValue;
  /** Exclude instead of require. */
  negate: boolean;
}

const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A field's value as a filter value (arrays and objects as their JSON text). */
export function toFilterValue(v: unknown): FilterValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? v
    : JSON.stringify(v);
}

/** Whether a field/value pair can be a filter (a field name the language accepts). */
export function canFilter(field: string): boolean {
  return isValidFieldName(field);
}

/** The filter as a term: `field:"v"`, `field:42`, `field:true`; a null value means "has no value". */
export function filterTerm(f: Filter): string {
  if (f.value === null) return f.negate ? `${f.field}:*` : `-${f.field}:*`;
  const v = typeof f.value === 'string' ? quote(f.value) : String(f.value);
  return `${f.negate ? '-' : ''}${f.field}:${v}`;
}

/** The query the search runs: the text (grouped when it has OR) and every filter, all required. */
export function composeQuery(text: string, filters: readonly Filter[]): string {
  const t = text.trim();
  const terms = filters.map(filterTerm);
  if (terms.length === 0) return t;
  if (t === '' || t === '*') return terms.join(' ');
  return [`(${t})`, ...terms].join(' ');
}

const same = (a: Filter, b: Pick<Filter, 'field' | 'value'>) => a.field === b.field && a.value === b.value;

/** Adds a filter; one on the same field and value is replaced (so "exclude" flips an "add"). */
export function addFilter(filters: readonly Filter[], f: Filter): Filter[] {
  return [...filters.filter((x) => !same(x, f)), f];
}

export function removeFilter(filters: readonly Filter[], f: Filter): Filter[] {
  return filters.filter((x) => !same(x, f));
}

export function invertFilter(filters: readonly Filter[], f: Filter): Filter[] {
  return filters.map((x) => (same(x, f) ? { ...x, negate: !x.negate } : x));
}

/** Filters in a URL parameter (JSON); anything malformed is dropped. */
export function encodeFilters(filters: readonly Filter[]): string {
  return filters.length === 0 ? '' : JSON.stringify(filters.map((f) => [f.field, f.value, f.negate ? 1 : 0]));
}

export function decodeFilters(text: string | null): Filter[] {
  if (!text) return [];
  try {
    const raw = JSON.parse(text) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((r): Filter[] => {
      if (!Array.isArray(r) || typeof r[0] !== 'string' || !canFilter(r[0])) return [];
      const v = r[1] as unknown;
      const ok = v === null || ['string', 'number', 'boolean'].includes(typeof v);
      return ok ? [{ field: r[0], value: v as FilterValue, negate: r[2] === 1 }] : [];
    });
  } catch {
    return [];
  }
}
