/** Shortcut keys: single keys, two-key sequences with a time limit, and presses that are not shortcuts. */
import { describe, expect, it } from 'vitest';
import { keyOf, SEQUENCE_TIMEOUT_MS, SequenceMatcher, type Shortcut } from './keys.ts';

const ran: string[] = [];
const s = (keys: string): Shortcut => ({ keys, description: keys, group: 'test', run: () => ran.push(keys) });
const SHORTCUTS = [s('?'), s('/'), s('j'), s('g s'), s('g d')];

describe('SequenceMatcher', () => {
  it('matches single keys at once, and a sequence on its second key', () => {
    const m = new SequenceMatcher();
    expect(m.press('j', SHORTCUTS, 0)?.keys).toBe('j');
    expect(m.press('g', SHORTCUTS, 10)).toBeNull();
    expect(m.waiting).toBe(true);
    expect(m.press('s', SHORTCUTS, 20)?.keys).toBe('g s');
    expect(m.waiting).toBe(false);
  });

  it('forgets a started sequence after the timeout or on a key that does not continue it', () => {
    const m = new SequenceMatcher();
    m.press('g', SHORTCUTS, 0);
    expect(m.press('s', SHORTCUTS, SEQUENCE_TIMEOUT_MS + 1)).toBeNull();
    m.press('g', SHORTCUTS, 0);
    expect(m.press('j', SHORTCUTS, 5)?.keys).toBe('j');
    expect(m.press('x', SHORTCUTS, 10)).toBeNull();
  });
});

describe('keyOf', () => {
  const press = (key: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) =>
    keyOf({ key, ctrlKey: false, altKey: false, metaKey: false, ...mods });
  it('leaves presses with modifiers and Enter to the browser and the focused control', () => {
    expect(press('j')).toBe('j');
    expect(press('?')).toBe('?');
    expect(press('Escape')).toBe('Escape');
    expect(press('Enter')).toBeNull();
    expect(press('s', { ctrlKey: true })).toBeNull();
    expect(press('Tab')).toBeNull();
  });
});
