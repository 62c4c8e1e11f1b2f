/** Events over the range, as bars; clicking a bar zooms the range to it. */
import { Paper, Skeleton, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Histogram as HistogramData } from '../../api/types.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';

export function Histogram(props: {
  data: HistogramData | undefined;
  loading: boolean;
  onZoom: (from: number, to: number) => void;
}) {
  const { data } = props;
  const option = useMemo<ChartOption>(() => {
    const buckets = data?.buckets ?? [];
    return {
      grid: { left: 48, right: 12, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: buckets.map((b) => b.start.slice(5, 16).replace('T', ' ')),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: 'events', data: buckets.map((b) => b.count), itemStyle: { color: '#4dabf7' } },
      ],
    };
  }, [data]);
  if (props.loading && !data) return <Skeleton h={160} />;
  if (!data) return null;
  const total = data.buckets.reduce((n, b) => n + b.count, 0);
  return (
    <Paper withBorder p="xs">
      <EChart
        option={option}
        height={150}
        label={`Histogram: ${total} events over time`}
        onItemClick={({ dataIndex }) => {
          const b = data.buckets[dataIndex];
          if (b) {
            const start = new Date(b.start).getTime();
            props.onZoom(start, start + data.intervalMs);
          }
        }}
      />
      <Text size="xs" c="dimmed" ta="right">
        {Math.round(data.intervalMs / 60_000)} min per bar · click a bar to zoom in
      </Text>
    </Paper>
  );
}
