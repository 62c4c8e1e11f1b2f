/**
 * The queue's keyboard model: a cursor (the row `j`/`k` move, `o` opens) and a selection (`x`
 * toggles), both kept by alert id so that a live refresh that adds, removes or reorders rows keeps
 * the cursor on its alert (or, when that alert left the list, on the row now at its place).
 * Actions apply to the selection, or to the cursor's alert when nothing is selected.
 */
export interface CursorState {
  /** The rows in display order. */
  ids: readonly string[];
  cursor: string | null;
  selected: ReadonlySet<string>;
}

export const EMPTY_CURSOR: CursorState = { ids: [], cursor: null, selected: new Set() };

export function cursorIndex(s: CursorState): number {
  return s.cursor === null ? -1 : s.ids.indexOf(s.cursor);
}

/** The rows changed: keep the cursor and the selection on the alerts still listed. */
export function syncRows(s: CursorState, ids: readonly string[]): CursorState {
  const present = new Set(ids);
  let cursor = s.cursor;
  if (cursor !== null && !present.has(cursor)) {
    const at = s.ids.indexOf(cursor);
    cursor = ids.length === 0 ? null : (ids[Math.min(Math.max(at, 0), ids.length - 1)] ?? null);
  }
  const selected = new Set([...s.selected].filter((id) => present.has(id)));
  return { ids, cursor, selected };
}

/** `j` (+1) or `k` (−1); from no cursor, either starts at the first row. */
export function moveCursor(s: CursorState, delta: number): CursorState {
  if (s.ids.length === 0) return s;
  const at = cursorIndex(s);
  const next = at < 0 ? 0 : Math.min(s.ids.length - 1, Math.max(0, at + delta));
  return { ...s, cursor: s.ids[next] ?? null };
}

export function setCursor(s: CursorState, id: string): CursorState {
  return s.ids.includes(id) ? { ...s, cursor: id } : s;
}

/** `x`: (un)selects `id`, by default the cursor's alert. */
export function toggleSelected(s: CursorState, id: string | null = s.cursor): CursorState {
  if (id === null || !s.ids.includes(id)) return s;
  const selected = new Set(s.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { ...s, selected };
}

/** Selects every row, or none when every row is selected already. */
export function toggleAll(s: CursorState): CursorState {
  const all = s.ids.length > 0 && s.ids.every((id) => s.selected.has(id));
  return { ...s, selected: all ? new Set() : new Set(s.ids) };
}

export function clearSelection(s: CursorState): CursorState {
  return s.selected.size === 0 ? s : { ...s, selected: new Set() };
}

/** What an action applies to: the selected rows in display order, else the cursor's row. */
export function actionTargets(s: CursorState): string[] {
  if (s.selected.size > 0) return s.ids.filter((id) => s.selected.has(id));
  return s.cursor !== null && s.ids.includes(s.cursor) ? [s.cursor] : [];
}
