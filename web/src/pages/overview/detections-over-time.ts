/** Detections of the last hours, per hour and level (for the stacked chart), and the rules that fired most. */
import type { Detection } from '../../api/types.ts';

export const LEVEL_ORDER = ['critical', 'high', 'medium', 'low', 'informational'] as const;
const HOUR = 3_600_000;

export interface DetectionSeries {
  /** Start of each hour, ISO. */
  hours: string[];
  byLevel: Record<(typeof LEVEL_ORDER)[number], number[]>;
  total: number;
}

/** Counts by hour of the matched event's time over the `hours` hours before `now` (the last bucket holds now). */
export function detectionsByHour(detections: readonly Detection[], now: number, hours = 24): DetectionSeries {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const empty = () => Array.from({ length: hours }, () => 0);
  const byLevel = {
    critical: empty(),
    high: empty(),
    medium: empty(),
    low: empty(),
    informational: empty(),
  };
  let total = 0;
  for (const d of detections) {
    const t = new Date(d.eventTime).getTime();
    if (!(t >= start && t < end)) continue;
    const level = (LEVEL_ORDER as readonly string[]).includes(d.level ?? '')
      ? (d.level as keyof typeof byLevel)
      : 'medium';
    byLevel[level][Math.floor((t - start) / HOUR)]! += 1;
    total++;
  }
  const hoursIso = Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR).toISOString());
  return { hours: hoursIso, byLevel, total };
}

export function topRules(
  detections: readonly Detection[],
  since: number,
  limit = 5,
): { ruleId: string; title: string; count: number }[] {
  const counts = new Map<string, { ruleId: string; title: string; count: number }>();
  for (const d of detections) {
    if (new Date(d.eventTime).getTime() < since) continue;
    const c = counts.get(d.ruleId) ?? { ruleId: d.ruleId, title: d.title, count: 0 };
    c.count++;
    counts.set(d.ruleId, c);
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
    .slice(0, limit);
}
