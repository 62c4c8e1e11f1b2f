/**
 * Times typed as text in UTC, the way the console writes them (`2026-01-05 12:30`, seconds and a
 * trailing `Z` optional, `T` accepted for the space), and dates (`2026-01-05`).
 */

const TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?Z?$/;

/** The ISO time of a field's value, or null when it is empty or not a time. */
export function utcFromInput(value: string): string | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A field's value for an ISO time (empty for null): `2026-01-05 12:30`. */
export function inputFromUtc(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** A date field's value (`2026-01-05`) as the end of that day in UTC, or null. */
export function dueFromDateInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
  const t = Date.parse(`${value.trim()}T23:59:59Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
