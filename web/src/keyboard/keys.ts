/**
 * Keyboard shortcuts as data: a shortcut is one key (`j`, `?`, `/`) or a two-key sequence
 * (`g s`). `keyOf` names a key press the way shortcuts are written; `SequenceMatcher` turns presses
 * into shortcuts, waiting a moment after a sequence's first key.
 */
export interface Shortcut {
  /** `j`, `?`, `/`, or a sequence `g s` (Enter and Space stay with the focused control). */
  keys: string;
  description: string;
  /** Where the help overlay lists it: `Global`, `Navigation`, or a page's name. */
  group: string;
  run: () => void;
}

/** The key as shortcuts write it, or null for presses with Ctrl/Alt/Meta (left to the browser). */
export function keyOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): string | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (e.key.length === 1) return e.key;
  return e.key === 'Escape' ? e.key : null;
}

/** Whether a key press happens while typing (inputs, text areas, editable content, selects). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export const SEQUENCE_TIMEOUT_MS = 1200;

export class SequenceMatcher {
  private pending: { key: string; at: number } | null = null;

  /** The shortcut a press completes, given the registered shortcuts; null if none (yet). */
  press(key: string, shortcuts: readonly Shortcut[], now: number): Shortcut | null {
    const prefix =
      this.pending !== null && now - this.pending.at <= SEQUENCE_TIMEOUT_MS ? this.pending.key : null;
    this.pending = null;
    if (prefix !== null) {
      const seq = shortcuts.find((s) => s.keys === `${prefix} ${key}`);
      if (seq) return seq;
    }
    if (shortcuts.some((s) => s.keys.startsWith(`${key} `))) {
      this.pending = { key, at: now };
      return null;
    }
    return shortcuts.find((s) => s.keys === key) ?? null;
  }

  /** Whether a sequence was started and waits for its second key. */
  get waiting(): boolean {
    return this.pending !== null;
  }
}
