/**
 * An ECharts chart (tree-shaken: bar and line charts, grid, tooltip, legend), sized to its box,
 * following the color scheme. Screen readers get `label` (an image with a summary of the data).
 */
import { Box, useComputedColorScheme } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface EChartProps {
  option: ChartOption;
  label: string;
  height?: number;
  /** Clicks on a data item: its series and data index. */
  onItemClick?: (item: { seriesIndex: number; dataIndex: number }) => void;
}

export function EChart({ option, label, height = 220, onItemClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useComputedColorScheme('dark');
  const click = useRef(onItemClick);
  click.current = onItemClick;
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as { seriesIndex?: number; dataIndex?: number };
      if (e.seriesIndex !== undefined && e.dataIndex !== undefined)
        click.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex });
    });
    c.setOption({ backgroundColor: 'transparent', animation: false, ...latest.current }, true);
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', animation: false, ...option }, true);
  }, [option]);

  return (
    <Box role="img" aria-label={label}>
      <Box ref={box} h={height} w="100%" />
    </Box>
  );
}
