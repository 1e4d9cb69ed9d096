// CSV / XLSX export of any report table, with the period, filters and scope written above the data.
// The overdue list and the drill-down lists export every row, not a page.
import type { APIRoute } from 'astro';
import { requireRole } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { systemClock } from '../../server/clock.ts';
import { config } from '../../server/config.ts';
import { reportPageData, reportTrend } from '../../server/metrics/report-page.ts';
import { metricColumns, metricRecord } from '../../server/metrics/report-view.ts';
import { reportContext } from '../../server/metrics/report-context.ts';
import { drillTable, exportMeta, officerTable, overdueTable } from '../../server/metrics/report-export.ts';
import { allOverdue } from '../../server/metrics/overdue.ts';
import { allDrillDown } from '../../server/metrics/drill-down.ts';
import { downloadResponse, tableToCsv, tableToXlsx, type ExportTable } from '../../server/exports/table-export.ts';
import { collaborationReport } from '../../server/collaboration/support-report.ts';
import { collaborationTable, leagueCollaboration } from '../../server/collaboration/support-export.ts';

const TABLES = [
  'summary',
  'league',
  'department',
  'category',
  'kecamatan',
  'officer',
  'overdue',
  'drill',
  'trend',
  'consultation',
  'collaboration',
  'unit',
] as const;
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
  const db = getDb();
  const rc = await reportContext(db, user, url.searchParams, now, locale);
  if (!rc) return notFound();
  const tz = rc.calendar.timeZone;
  let data: ExportTable;
  if (table === 'overdue') {
    const items = await allOverdue(db, user, rc, now);
    // The list is "now", whatever the period: the header says so.
    data = overdueTable(
      t,
      exportMeta(t, rc, now, [
        [t('managerReports.export.now'), now.toISOString()],
        [t('managerReports.export.rows'), String(items.length)],
      ]),
      items,
      tz,
    );
  } else if (table === 'drill') {
    const d = await allDrillDown(db, user, url.searchParams, now, locale);
    if (!d) return notFound();
    const figure = `${t(`reports.metric.${d.metric === 'response_sla' ? 'responseSla' : d.metric === 'resolution_sla' ? 'resolutionSla' : d.metric === 'first_response' ? 'firstResponse' : d.metric}`)}${d.outcome ? ` — ${d.outcome}` : ''}`;
    data = drillTable(
      t,
      t('reports.drill.title'),
      exportMeta(t, rc, now, [
        [t('reports.drill.metric', { metric: figure }), ''],
        [t('managerReports.export.rows'), String(d.total)],
      ]),
      d.items,
      tz,
    );
  } else if (table === 'collaboration') {
    const report = await collaborationReport(db, {
      from: rc.period.from.getTime(),
      to: rc.period.to.getTime(),
      now: now.getTime(),
      scope: rc.scope,
      calendar: rc.calendar,
    });
    data = collaborationTable(t, exportMeta(t, rc, now), report);
  } else {
    const result = await reportPageData(db, user, url.searchParams, now, locale);
    if (!result.ok) return notFound();
    const d = result.data;
    const meta = exportMeta(t, rc, now);
    const titles: Record<string, string> = {
      summary: t('reports.section.summary'),
      league: t('reports.section.league'),
      department: t('reports.section.department'),
      category: t('reports.section.category'),
      kecamatan: t('reports.section.kecamatan'),
      trend: t('reports.section.trend'),
      consultation: t('reports.consultation.title'),
      unit: t('units.reportTitle'),
    };
    if (table === 'officer') {
      data = officerTable(t, meta, d.officers, config().siteUrl);
    } else if (table === 'consultation') {
      const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
      data = {
        title: titles.consultation!,
        meta,
        columns: [
          { key: 'name', label: t('reports.column.department') },
          { key: 'n', label: t('reports.consultation.contributions'), type: 'number' },
          { key: 'answered', label: t('reports.consultation.answered'), type: 'percent' },
          { key: 'median', label: `${t('reports.consultation.time')} ${t('reports.unit.median')}`, type: 'number' },
          { key: 'p90', label: `${t('reports.consultation.time')} P90`, type: 'number' },
          { key: 'delivered', label: t('reports.consultation.delivered'), type: 'percent' },
          { key: 'made', label: `${t('reports.consultation.delivered')} n`, type: 'number' },
        ],
        rows: d.consultations.map((c) => ({
          name: c.name,
          n: c.metrics.responded.n,
          answered: r3(c.metrics.responded.value),
          median: r3(c.metrics.timeToResponse.median),
          p90: r3(c.metrics.timeToResponse.p90),
          delivered: r3(c.metrics.delivered.value),
          made: c.metrics.delivered.n,
        })),
      };
    } else if (table === 'trend') {
      const points = (await reportTrend(db, user, url.searchParams, now, locale)) ?? [];
      data = {
        title: titles.trend!,
        meta,
        columns: [
          { key: 'month', label: t('reports.column.month') },
          { key: 'volume', label: t('reports.metric.volume'), type: 'number' },
          { key: 'response', label: t('reports.metric.responseSla'), type: 'percent' },
          { key: 'resolution', label: t('reports.metric.resolutionSla'), type: 'percent' },
          { key: 'median', label: `${t('reports.metric.resolution')} ${t('reports.unit.median')}`, type: 'number' },
          { key: 'backlog', label: t('reports.metric.backlog'), type: 'number' },
        ],
        rows: points.map((p) => ({
          month: p.label,
          volume: p.volume,
          response: p.responseSla,
          resolution: p.resolutionSla,
          median: p.medianResolution,
          backlog: p.backlog,
        })),
      };
    } else {
      const rows =
        table === 'summary'
          ? [
              {
                name: t('reports.filter.all'),
                metrics: d.report.overall,
                rank: undefined as number | null | undefined,
                ranked: undefined as boolean | undefined,
              },
            ]
          : d.tables[table];
      data = {
        title: titles[table]!,
        meta,
        columns: [
          ...(table === 'league' ? [{ key: 'rank', label: t('reports.column.rank') }] : []),
          { key: 'name', label: t('reports.column.name') },
          ...metricColumns(t),
        ],
        rows: rows.map((r) => ({
          ...(table === 'league' ? { rank: r.ranked ? (r.rank ?? '') : t('reports.insufficient') } : {}),
          name: r.name,
          ...metricRecord(r.metrics),
        })),
      };
      if (table === 'league') {
        // The page's "Kolaborasi" column (support done on time), so the file and the page agree.
        const report = await collaborationReport(db, {
          from: rc.period.from.getTime(),
          to: rc.period.to.getTime(),
          now: now.getTime(),
          scope: rc.scope,
          calendar: rc.calendar,
        });
        data = leagueCollaboration(
          t,
          data,
          report,
          rows.map((r) => ('query' in r ? (r.query.department ?? '') : '')),
        );
      }
    }
  }
  const name = `laporan-${table}-${rc.period.startDate}-${rc.period.endDate}`;
  return format === 'csv' ? downloadResponse(tableToCsv(data), 'csv', name) : downloadResponse(await tableToXlsx(data), 'xlsx', name);
};
