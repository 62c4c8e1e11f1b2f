import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from './schedule.ts';
import { storyStart } from './story-kit.ts';

const NOV22 = Date.UTC(2026, 10, 22);

describe('storyStart', () => {
  it('uses the clock time inside a midnight-aligned day', () => {
    expect(storyStart({ start: NOV22, end: NOV22 + DAY }, 10 * HOUR, HOUR)).toBe(NOV22 + 10 * HOUR);
  });

  it('keeps the clock time in a window starting at another hour', () => {
    const w = { start: NOV22 + 15 * HOUR + 250, end: NOV22 + DAY + 15 * HOUR + 250 };
    expect(storyStart(w, 10 * HOUR, HOUR)).toBe(NOV22 + DAY + 10 * HOUR);
    expect(storyStart(w, 20 * HOUR, HOUR)).toBe(NOV22 + 20 * HOUR);
  });

  it('moves a story earlier, to whole seconds, when the window would end before it finishes', () => {
    const w = {
      start: NOV22 + 10 * HOUR + 30 * MINUTE + 250,
      end: NOV22 + DAY + 10 * HOUR + 30 * MINUTE + 250,
    };
    const t = storyStart(w, 10 * HOUR, 2 * HOUR);
    expect(t + 2 * HOUR).toBeLessThan(w.end);
    expect(t % 1000).toBe(0);
    expect(t).toBeGreaterThanOrEqual(w.start);
  });
});
