/**
 * Times typed in `datetime-local` fields, read as UTC (the console shows every time in UTC):
 * `2026-01-05T12:30` ⇄ `2026-01-05T12:30:00.000Z`.
 */

/** The ISO time of a field's value, or null when it is empty or not a time. */
export function utcFromInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const t = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A field's value for an ISO time (empty for null). */
export function inputFromUtc(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t).toISOString().slice(0, 16);
}

/** A date field's value (`2026-01-05`) as the end of that day in UTC, or null. */
export function dueFromDateInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const t = Date.parse(`${value}T23:59:59Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
