/** The queue's keyboard model: j/k move a cursor, x selects, actions go to the selection or the cursor. */
import { describe, expect, it } from 'vitest';
import {
  actionTargets,
  clearSelection,
  cursorIndex,
  EMPTY_CURSOR,
  moveCursor,
  setCursor,
  syncRows,
  toggleAll,
  toggleSelected,
} from './cursor.ts';

const rows = (...ids: string[]) => syncRows(EMPTY_CURSOR, ids);

describe('the queue cursor', () => {
  it('j starts at the first row, moves down and stops at the last; k moves up and stops at the first', () => {
    let s = rows('a', 'b', 'c');
    expect(s.cursor).toBeNull();
    expect(actionTargets(s)).toEqual([]);
    s = moveCursor(s, 1);
    expect(s.cursor).toBe('a');
    s = moveCursor(moveCursor(moveCursor(s, 1), 1), 1);
    expect(s.cursor).toBe('c');
    s = moveCursor(moveCursor(moveCursor(s, -1), -1), -1);
    expect(s.cursor).toBe('a');
    expect(moveCursor(rows(), 1)).toEqual(rows());
  });

  it('stays on its alert when a live refresh adds rows above it or reorders them', () => {
    let s = setCursor(rows('a', 'b', 'c'), 'b');
    s = syncRows(s, ['new1', 'new2', 'a', 'c', 'b']);
    expect(s.cursor).toBe('b');
    expect(cursorIndex(s)).toBe(4);
  });

  it('moves to the row now at its place when its alert leaves the list (closed elsewhere)', () => {
    let s = setCursor(rows('a', 'b', 'c'), 'b');
    s = syncRows(s, ['a', 'c']);
    expect(s.cursor).toBe('c');
    s = syncRows(setCursor(s, 'c'), ['a']);
    expect(s.cursor).toBe('a');
    expect(syncRows(s, []).cursor).toBeNull();
  });

  it('x toggles the cursor row; actions take the selection in row order, else the cursor row', () => {
    let s = moveCursor(rows('a', 'b', 'c'), 1);
    expect(actionTargets(s)).toEqual(['a']);
    s = toggleSelected(moveCursor(moveCursor(s, 1), 1)); // c
    s = toggleSelected(setCursor(s, 'a'));
    expect(actionTargets(s)).toEqual(['a', 'c']);
    s = toggleSelected(s); // a again: unselected
    expect(actionTargets(s)).toEqual(['c']);
    expect(actionTargets(clearSelection(s))).toEqual(['a']);
  });

  it('selects all and none; a refresh drops selected alerts that left the list', () => {
    let s = toggleAll(rows('a', 'b'));
    expect([...s.selected]).toEqual(['a', 'b']);
    s = syncRows(s, ['b', 'x']);
    expect([...s.selected]).toEqual(['b']);
    expect(toggleAll(toggleAll(s)).selected.size).toBe(0);
    expect(toggleSelected(s, 'not-listed')).toBe(s);
  });
});
