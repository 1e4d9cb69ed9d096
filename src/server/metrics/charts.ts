// Server-rendered SVG charts (Apache ECharts, SSR renderer): they work without JavaScript and print.
// The SVG carries style attributes, so it is served as an image with its own CSP, never inlined;
// the page shows the same numbers in a table beside it.
import * as echarts from 'echarts';

export interface Series {
  name: string;
  data: (number | null)[];
  type?: 'line' | 'bar';
  /** Plot on the second (percent) axis. */
  percent?: boolean;
}

const PALETTE = ['#0b5cab', '#b3261e', '#1b7f3b', '#7a4d00', '#5b3a8c'];

export function renderChart(opts: { title: string; categories: string[]; series: Series[]; width?: number; height?: number; stacked?: boolean }): string {
  const hasPercent = opts.series.some((s) => s.percent);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width ?? 720, height: opts.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      title: { text: opts.title, left: 'left', textStyle: { fontSize: 14 } },
      legend: { top: 26 },
      grid: { top: 64, left: 48, right: hasPercent ? 56 : 24, bottom: 40 },
      xAxis: { type: 'category', data: opts.categories },
      yAxis: [
        { type: 'value', minInterval: 1 },
        ...(hasPercent ? [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }] : []),
      ],
      series: opts.series.map((s) => ({
        name: s.name,
        type: s.type ?? 'line',
        yAxisIndex: s.percent ? 1 : 0,
        stack: opts.stacked ? 'total' : undefined,
        data: s.data.map((v) => (v === null ? '-' : s.percent ? Math.round(v * 1000) / 10 : Math.round(v * 10) / 10)),
        label: s.type === 'bar' ? { show: true, position: opts.stacked ? 'inside' : 'top' } : undefined,
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** An image response for an SVG chart, with a CSP that allows only its own inline styles. */
export function svgResponse(svg: string, cache: string): Response {
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cache-Control': cache,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
