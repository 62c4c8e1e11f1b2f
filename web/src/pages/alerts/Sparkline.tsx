/**
 * An alert's detections over time as a small bar chart on a baseline (one bar per bucket of the
 * alert's sparkline; a short burst fills only the left of the box). Screen readers get a sentence.
 */
import type { Sparkline as SparklineData } from '../../api/alert-types.ts';

/** At least this many bar slots: an alert of few buckets keeps narrow bars. */
const MIN_SLOTS = 16;

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bars of `counts` in a `width`×`height` box, the highest count reaching the top. */
export function sparkBars(counts: readonly number[], width: number, height: number): Bar[] {
  const max = Math.max(1, ...counts);
  const slot = width / Math.max(MIN_SLOTS, counts.length);
  const barWidth = Math.max(1, slot * 0.75);
  const out: Bar[] = [];
  counts.forEach((c, i) => {
    if (c <= 0) return;
    const h = Math.max(2, (c / max) * (height - 1));
    out.push({ x: i * slot, y: height - 1 - h, width: barWidth, height: h });
  });
  return out;
}

export function Sparkline({
  data,
  width = 80,
  height = 20,
}: {
  data: SparklineData;
  width?: number;
  height?: number;
}) {
  const total = data.counts.reduce((a, b) => a + b, 0);
  const span = data.counts.length * data.bucketMinutes;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${total} detections over ${span} minutes`}
      data-sparkline
    >
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        stroke="var(--mantine-color-dimmed)"
        strokeWidth={1}
      />
      {sparkBars(data.counts, width, height).map((b, i) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions on a fixed axis
          key={i}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          fill="var(--mantine-primary-color-filled)"
        />
      ))}
    </svg>
  );
}
