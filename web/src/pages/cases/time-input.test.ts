/** Times typed as UTC text, as the console writes them. */
import { describe, expect, it } from 'vitest';
import { dueFromDateInput, inputFromUtc, utcFromInput } from './time-input.ts';

describe('time fields', () => {
  it('reads `YYYY-MM-DD HH:MM` as UTC, with optional seconds, T and Z', () => {
    expect(utcFromInput('2026-01-05 09:12')).toBe('2026-01-05T09:12:00.000Z');
    expect(utcFromInput(' 2026-01-05T09:12:30Z ')).toBe('2026-01-05T09:12:30.000Z');
    expect(utcFromInput('2026-01-05')).toBeNull();
    expect(utcFromInput('yesterday')).toBeNull();
    expect(utcFromInput('2026-13-45 99:99')).toBeNull();
  });
  it('writes a stored time back the same way, and reads due dates as the end of that day', () => {
    expect(inputFromUtc('2026-01-05T09:12:30.000Z')).toBe('2026-01-05 09:12');
    expect(inputFromUtc(null)).toBe('');
    expect(utcFromInput(inputFromUtc('2026-01-05T09:12:00.000Z'))).toBe('2026-01-05T09:12:00.000Z');
    expect(dueFromDateInput('2030-06-30')).toBe('2030-06-30T23:59:59.000Z');
    expect(dueFromDateInput('30/06/2030')).toBeNull();
  });
});
