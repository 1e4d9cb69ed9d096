// Turns computed metrics into table rows for the report page and the exports (the same columns in
// HTML, CSV and XLSX), with the query of the drill-down list behind each number.
import type { ExportColumn } from '../exports/table-export.ts';
import type { Translate } from '../../i18n/index.ts';
import { intlLocale, numberFormat } from '../intl.ts';
import type { Metrics, MetricKey } from './responsiveness.ts';
import type { ReportQuery } from './report-query.ts';
import { reportHref } from './report-query.ts';

type T = Translate;

export interface ReportRow {
  name: string;
  /** Filter that narrows the report to this row (department code, category code, …). */
  query: Partial<ReportQuery>;
  metrics: Metrics;
  rank?: number | null;
  ranked?: boolean;
}

export function fmtPercent(v: number | null, locale: string): string {
  return v === null ? '–' : numberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

export function fmtDays(v: number | null, locale: string): string {
  return v === null ? '–' : numberFormat(intlLocale(locale), { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(v);
}

export function drillHref(base: Partial<ReportQuery>, row: Partial<ReportQuery>, metric: MetricKey, outcome?: string): string {
  return reportHref('/reports/complaints', { ...base, ...row }, { metric, outcome });
}

export interface Cell {
  text: string;
  href?: string;
}

/** Cells of one row in column order (see metricColumns). */
export function metricCells(m: Metrics, locale: string, link: (metric: MetricKey, outcome?: string) => string): Cell[] {
  const pct = (v: number | null) => fmtPercent(v, locale);
  const d = (v: number | null) => fmtDays(v, locale);
  return [
    { text: String(m.volume), href: link('volume') },
    { text: `${pct(m.responseSla.value)} (${m.responseSla.numerator}/${m.responseSla.n})`, href: link('response_sla', 'missed') },
    { text: `${pct(m.resolutionSla.value)} (${m.resolutionSla.numerator}/${m.resolutionSla.n})`, href: link('resolution_sla', 'missed') },
    { text: `${d(m.verification.median)} / ${d(m.verification.p90)}`, href: link('verification') },
    { text: `${d(m.firstResponse.median)} / ${d(m.firstResponse.p90)}`, href: link('first_response') },
    { text: `${d(m.resolution.median)} / ${d(m.resolution.p90)}`, href: link('resolution') },
    { text: String(m.backlog.total), href: link('backlog') },
    { text: `${pct(m.reopen.value)} (${m.reopen.numerator}/${m.reopen.n})`, href: link('reopen', 'reopened') },
    { text: m.csat.mean === null ? `– (n = 0)` : `${d(m.csat.mean)} (n = ${m.csat.n})`, href: link('csat', 'rated') },
    { text: `${pct(m.csat.responseRate.value)}`, href: link('csat') },
    { text: `${pct(m.transfer.value)} (${m.transfer.numerator}/${m.transfer.n})`, href: link('transfer', 'transferred') },
  ];
}

export function metricHeaders(t: T): string[] {
  const mp = `${t('reports.unit.median')} / ${t('reports.unit.p90')}`;
  return [
    t('reports.metric.volume'),
    t('reports.metric.responseSla'),
    t('reports.metric.resolutionSla'),
    `${t('reports.metric.verification')} (${mp})`,
    `${t('reports.metric.firstResponse')} (${mp})`,
    `${t('reports.metric.resolution')} (${mp})`,
    t('reports.metric.backlog'),
    t('reports.metric.reopen'),
    t('reports.metric.csat'),
    t('reports.metric.ratingRate'),
    t('reports.metric.transfer'),
  ];
}

/** Export columns: every figure with its sample size, numbers as numbers. */
export function metricColumns(t: T): ExportColumn[] {
  return [
    { key: 'volume', label: t('reports.metric.volume'), type: 'number' },
    { key: 'response_sla', label: t('reports.metric.responseSla'), type: 'percent' },
    { key: 'response_n', label: `${t('reports.metric.responseSla')} n`, type: 'number' },
    { key: 'resolution_sla', label: t('reports.metric.resolutionSla'), type: 'percent' },
    { key: 'resolution_n', label: `${t('reports.metric.resolutionSla')} n`, type: 'number' },
    { key: 'verification_median', label: `${t('reports.metric.verification')} ${t('reports.unit.median')}`, type: 'number' },
    { key: 'verification_p90', label: `${t('reports.metric.verification')} P90`, type: 'number' },
    { key: 'first_response_median', label: `${t('reports.metric.firstResponse')} ${t('reports.unit.median')}`, type: 'number' },
    { key: 'first_response_p90', label: `${t('reports.metric.firstResponse')} P90`, type: 'number' },
    { key: 'resolution_median', label: `${t('reports.metric.resolution')} ${t('reports.unit.median')}`, type: 'number' },
    { key: 'resolution_p90', label: `${t('reports.metric.resolution')} P90`, type: 'number' },
    { key: 'backlog', label: t('reports.metric.backlog'), type: 'number' },
    { key: 'reopen_rate', label: t('reports.metric.reopen'), type: 'percent' },
    { key: 'csat_mean', label: t('reports.metric.csat'), type: 'number' },
    { key: 'csat_n', label: `${t('reports.metric.csat')} n`, type: 'number' },
    { key: 'rating_rate', label: t('reports.metric.ratingRate'), type: 'percent' },
    { key: 'transfer_rate', label: t('reports.metric.transfer'), type: 'percent' },
  ];
}

const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export function metricRecord(m: Metrics): Record<string, number | null> {
  return {
    volume: m.volume,
    response_sla: r3(m.responseSla.value),
    response_n: m.responseSla.n,
    resolution_sla: r3(m.resolutionSla.value),
    resolution_n: m.resolutionSla.n,
    verification_median: r3(m.verification.median),
    verification_p90: r3(m.verification.p90),
    first_response_median: r3(m.firstResponse.median),
    first_response_p90: r3(m.firstResponse.p90),
    resolution_median: r3(m.resolution.median),
    resolution_p90: r3(m.resolution.p90),
    backlog: m.backlog.total,
    reopen_rate: r3(m.reopen.value),
    csat_mean: r3(m.csat.mean),
    csat_n: m.csat.n,
    rating_rate: r3(m.csat.responseRate.value),
    transfer_rate: r3(m.transfer.value),
  };
}
