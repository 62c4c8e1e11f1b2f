/**
 * When things happen in the demo day: the 24-hour window, daily activity profiles (office hours
 * weigh more) and arrival times drawn from a time-varying Poisson process, in increasing order.
 * Clock times (`08:30 UTC`) map to the one instant inside the window with that UTC clock time,
 * so a window that does not start at midnight still gets its morning logons in the morning.
 */
import type { Rng } from './random.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const SECOND = 1000;
export const DAY = 24 * HOUR;

export interface DayWindow {
  /** Inclusive start, epoch ms. */
  start: number;
  /** Exclusive end, epoch ms (start + 24h). */
  end: number;
}

export type WindowOutcome = { ok: true; window: DayWindow } | { ok: false; reason: string };

/** The window from `day` ('YYYY-MM-DD', UTC midnight to midnight), or the 24h before `end` (default now). */
export function resolveWindow(opts: { day?: string; end?: number }, now: number = Date.now()): WindowOutcome {
  if (opts.day !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.day);
    if (!m) return { ok: false, reason: `day must look like 2026-11-22, got "${opts.day}"` };
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const check = new Date(start);
    if (check.getUTCDate() !== Number(m[3]) || check.getUTCMonth() !== Number(m[2]) - 1) {
      return { ok: false, reason: `day "${opts.day}" is not a calendar date` };
    }
    return { ok: true, window: { start, end: start + DAY } };
  }
  const end = opts.end ?? now;
  if (!Number.isFinite(end) || end < DAY)
    return { ok: false, reason: `end must be epoch milliseconds, got ${end}` };
  const whole = Math.floor(end);
  return { ok: true, window: { start: whole - DAY, end: whole } };
}

/** The instant in the window whose UTC time of day is `clockMs` (ms after midnight). */
export function atClock(window: DayWindow, clockMs: number): number {
  const startClock = ((window.start % DAY) + DAY) % DAY;
  const delta = (((clockMs - startClock) % DAY) + DAY) % DAY;
  return window.start + delta;
}

/** Clock time helper: `clock(8, 30)` is 08:30:00 as ms after midnight. */
export function clock(h: number, m = 0, s = 0): number {
  return h * HOUR + m * MINUTE + s * SECOND;
}

/** Relative activity weight by UTC hour of day (fractional hour in [0, 24)). */
export type Profile = (hour: number) => number;

/** Office staff: quiet at night, ramp from 07:00, busy 09-17 with a lunch dip, tail into the evening. */
export const officeProfile: Profile = (h) => {
  if (h < 6.5) return 0.04;
  if (h < 8) return 0.04 + ((h - 6.5) / 1.5) * 0.7;
  if (h < 12) return 1;
  if (h < 13.5) return 0.7;
  if (h < 17.5) return 1;
  if (h < 20) return 0.35;
  return 0.1;
};

/** Servers: steady with a daytime bump from user-driven load. */
export const serverProfile: Profile = (h) => (h >= 8 && h < 18 ? 1 : 0.55);

/** Internet noise: flat. */
export const flatProfile: Profile = () => 1;

const profileStats = new Map<Profile, { mean: number; max: number }>();

function stats(profile: Profile): { mean: number; max: number } {
  const cached = profileStats.get(profile);
  if (cached) return cached;
  let sum = 0;
  let max = 0;
  const steps = 24 * 60;
  for (let i = 0; i < steps; i++) {
    const w = profile((i + 0.5) / 60);
    sum += w;
    max = Math.max(max, w);
  }
  const s = { mean: sum / steps, max };
  profileStats.set(profile, s);
  return s;
}

/**
 * Increasing arrival times (integer epoch ms) inside the window, about `perDay` of them, with an
 * hourly rate shaped by `profile`. Thinning of a homogeneous Poisson process; lazy.
 */
export function* arrivals(rng: Rng, window: DayWindow, perDay: number, profile: Profile): Generator<number> {
  if (perDay <= 0) return;
  const { mean, max } = stats(profile);
  const peakPerMs = (perDay / DAY) * (max / mean);
  let t = window.start;
  for (;;) {
    t += rng.exp(1 / peakPerMs);
    if (t >= window.end) return;
    const hour = (((t % DAY) + DAY) % DAY) / HOUR;
    if (rng.next() * max < profile(hour)) yield Math.floor(t);
  }
}

/** Floors epoch ms to whole seconds. */
export function toSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/** Rounds increasing times up to whole seconds (for formats with second resolution); stays increasing. */
export function* wholeSeconds(times: Iterable<number>): Generator<number> {
  for (const t of times) yield Math.ceil(t / SECOND) * SECOND;
}
