import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type RefObject } from 'react';

// Only the chart kinds the dashboard draws, so its chunk stays small; this module is reached
// only through the lazily loaded dashboard page.
echarts.use([BarChart, FunnelChart, HeatmapChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a chart offers its card: the picture as a PNG data URL (for "export PNG"). */
export interface ChartHandle {
  toPng(): string | null;
}

interface ChartProps {
  option: ChartOption;
  /** a text rendering of the data, for screen readers (and tests) */
  summary: string;
  height?: number;
  testId?: string;
  onClick?: (dataIndex: number) => void;
  handle?: RefObject<ChartHandle | null>;
}

/** One ECharts canvas that follows its container's width. */
export function Chart({ option, summary, height = 280, testId, onClick, handle }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    if (handle) handle.current = { toPng: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }) ?? null };
    instance.on('click', (params) => click.current?.(params.dataIndex));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} role="img" aria-label={summary} data-testid={testId} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />;
}
