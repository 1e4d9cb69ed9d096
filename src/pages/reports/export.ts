// CSV / XLSX export of any report table, with the period and filters written above the data.
import type { APIRoute } from 'astro';
import { requireRole } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { systemClock } from '../../server/clock.ts';
import { reportPageData, reportTrend } from '../../server/metrics/report-page.ts';
import { metricColumns, metricRecord } from '../../server/metrics/report-view.ts';
import { downloadResponse, tableToCsv, tableToXlsx, type ExportTable } from '../../server/exports/table-export.ts';

const TABLES = ['summary', 'league', 'department', 'category', 'kecamatan', 'officer', 'overdue', 'trend', 'consultation'] as const;
type TableName = (typeof TABLES)[number];

export const GET: APIRoute = async (ctx) => {
  const denied = await requireRole(ctx, 'manager', 'hr', 'admin');
  if (denied) return denied;
  const { locals, url } = ctx;
  const { t, locale, user } = locals;
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const table = url.searchParams.get('table') as TableName;
  const format = url.searchParams.get('format');
  if (!TABLES.includes(table) || (format !== 'csv' && format !== 'xlsx')) return notFound();
  const now = systemClock.now();
  const result = await reportPageData(getDb(), user, url.searchParams, now, locale);
  if (!result.ok) return notFound();
  const d = result.data;
  const filterText = Object.entries(d.resolved.labels).map(([k, v]) => `${t(`reports.filter.${k as "department"}`)}: ${v}`).join('; ') || t('reports.filter.none');
  const meta: [string, string][] = [
    [t('reports.export.period'), `${d.period.startDate} – ${d.period.endDate}`],
    [t('reports.export.filters'), filterText],
    [t('reports.export.generated'), now.toISOString()],
  ];
  const titles: Record<TableName, string> = {
    summary: t('reports.section.summary'), league: t('reports.section.league'), department: t('reports.section.department'),
    category: t('reports.section.category'), kecamatan: t('reports.section.kecamatan'), officer: t('reports.section.officer'),
    overdue: t('reports.section.overdue'), trend: t('reports.section.trend'), consultation: t('reports.consultation.title'),
  };
  let data: ExportTable;
  if (table === 'overdue') {
    data = {
      title: titles.overdue, meta,
      columns: [
        { key: 'code', label: t('reports.column.code') }, { key: 'title', label: t('reports.column.complaint') },
        { key: 'department', label: t('reports.column.department') }, { key: 'kind', label: t('reports.column.kind') },
        { key: 'due', label: t('reports.column.dueAt') },
      ],
      rows: d.overdue.map((o) => ({ code: o.code, title: o.title ?? t('complaints.privacy.confidential'), department: o.departmentName, kind: t(`reports.overdueKind.${o.kind}`), due: new Date(o.due_at).toISOString() })),
    };
  } else if (table === 'consultation') {
    const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
    data = {
      title: titles.consultation, meta,
      columns: [
        { key: 'name', label: t('reports.column.department') }, { key: 'n', label: t('reports.consultation.contributions'), type: 'number' },
        { key: 'answered', label: t('reports.consultation.answered'), type: 'percent' },
        { key: 'median', label: `${t('reports.consultation.time')} ${t('reports.unit.median')}`, type: 'number' },
        { key: 'p90', label: `${t('reports.consultation.time')} P90`, type: 'number' },
        { key: 'delivered', label: t('reports.consultation.delivered'), type: 'percent' }, { key: 'made', label: `${t('reports.consultation.delivered')} n`, type: 'number' },
      ],
      rows: d.consultations.map((c) => ({
        name: c.name, n: c.metrics.responded.n, answered: r3(c.metrics.responded.value), median: r3(c.metrics.timeToResponse.median),
        p90: r3(c.metrics.timeToResponse.p90), delivered: r3(c.metrics.delivered.value), made: c.metrics.delivered.n,
      })),
    };
  } else if (table === 'trend') {
    const points = (await reportTrend(getDb(), user, url.searchParams, now, locale)) ?? [];
    data = {
      title: titles.trend, meta,
      columns: [
        { key: 'month', label: t('reports.column.month') }, { key: 'volume', label: t('reports.metric.volume'), type: 'number' },
        { key: 'response', label: t('reports.metric.responseSla'), type: 'percent' }, { key: 'resolution', label: t('reports.metric.resolutionSla'), type: 'percent' },
        { key: 'median', label: `${t('reports.metric.resolution')} ${t('reports.unit.median')}`, type: 'number' }, { key: 'backlog', label: t('reports.metric.backlog'), type: 'number' },
      ],
      rows: points.map((p) => ({ month: p.label, volume: p.volume, response: p.responseSla, resolution: p.resolutionSla, median: p.medianResolution, backlog: p.backlog })),
    };
  } else {
    const rows =
      table === 'summary'
        ? [{ name: t('reports.filter.all'), metrics: d.report.overall, rank: undefined as number | null | undefined, ranked: undefined as boolean | undefined }]
        : d.tables[table];
    data = {
      title: titles[table], meta,
      columns: [
        ...(table === 'league' ? [{ key: 'rank', label: t('reports.column.rank') }] : []),
        { key: 'name', label: t('reports.column.name') },
        ...metricColumns(t),
      ],
      rows: rows.map((r) => ({ ...(table === 'league' ? { rank: r.ranked ? (r.rank ?? '') : t('reports.insufficient') } : {}), name: r.name, ...metricRecord(r.metrics) })),
    };
  }
  const name = `laporan-${table}-${d.period.startDate}-${d.period.endDate}`;
  return format === 'csv' ? downloadResponse(tableToCsv(data), 'csv', name) : downloadResponse(await tableToXlsx(data), 'xlsx', name);
};
