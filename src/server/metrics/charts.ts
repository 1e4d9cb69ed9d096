// Server-rendered SVG charts (Apache ECharts, SSR renderer): they work without JavaScript and print.
// The SVG carries style attributes, so it is served as an image with its own CSP, never inlined;
// the page shows the same numbers in a table beside it.
import * as echarts from 'echarts';
import { dateTimeFormat, intlLocale, numberFormat } from '../intl.ts';

export interface Series {
  name: string;
  data: (number | null)[];
  type?: 'line' | 'bar';
  /** Plot on the second (percent) axis. */
  percent?: boolean;
  /** Line drawn dashed with triangle marks, so two lines differ by more than colour. */
  dashed?: boolean;
}

// Okabe–Ito colours (blue, vermilion, reddish purple, bluish green): told apart with the common colour
// vision deficiencies, never red against green; each at least 3:1 against white.
// Source: M. Okabe & K. Ito, "Color Universal Design" (jfly.uni-koeln.de/color/).
const PALETTE = ['#0072B2', '#D55E00', '#8E4585', '#007A5E'];

/** "Jan 2026" / "Agu 2026" from 'YYYY-MM', in the reader's locale. */
export function monthLabel(yyyyMm: string, locale: string): string {
  const [y, m] = yyyyMm.split('-').map(Number);
  return dateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

export function renderChart(opts: {
  title: string;
  categories: string[];
  series: Series[];
  width?: number;
  height?: number;
  stacked?: boolean;
  locale?: string;
  /** Index of a category still running (the current month): bars drawn pale with a dashed outline, lines stop before it. */
  partialIndex?: number;
}): string {
  const nf = numberFormat(intlLocale(opts.locale ?? 'id'), { maximumFractionDigits: 1 });
  const partial = opts.partialIndex ?? -1;
  const hasPercent = opts.series.some((s) => s.percent);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width ?? 720, height: opts.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      title: { text: opts.title, left: 'left', textStyle: { fontSize: 14 } },
      legend: { top: 26 },
      grid: { top: 64, left: 48, right: hasPercent ? 56 : 24, bottom: 48 },
      // Every month labelled, month over year ("Des" / "2026"), so twelve fit at 720 px and six at 360 px.
      xAxis: { type: 'category', data: opts.categories, axisLabel: { interval: 0, formatter: (v: string) => v.replace(' ', '\n') } },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => nf.format(v) } },
        ...(hasPercent ? [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${nf.format(v)}%` } }] : []),
      ],
      series: opts.series.map((s) => {
        const isBar = s.type === 'bar';
        return {
          name: s.name,
          type: s.type ?? 'line',
          yAxisIndex: s.percent ? 1 : 0,
          stack: opts.stacked ? 'total' : undefined,
          symbol: s.dashed ? 'triangle' : 'circle',
          symbolSize: 7,
          lineStyle: s.dashed ? { type: 'dashed', width: 2 } : { width: 2 },
          data: s.data.map((v, i) => {
            // A running month's share is not a trend point yet; its volume bar is shown, marked as partial.
            if (v === null || (!isBar && i === partial)) return '-';
            const value = s.percent ? Math.round(v * 1000) / 10 : Math.round(v * 10) / 10;
            return isBar && i === partial
              ? { value, itemStyle: { opacity: 0.45, borderType: 'dashed', borderColor: '#000', borderWidth: 1.5 } }
              : value;
          }),
          label: isBar
            ? { show: true, position: opts.stacked ? 'inside' : 'top', formatter: (p: { value: number }) => nf.format(p.value) }
            : undefined,
        };
      }),
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
