// The collaboration section of /reports as a CSV/XLSX table, and its "Kolaborasi" column in the league
// export: the same figures as CollaborationReport.astro shows, so the file and the page agree.
import type { Translate } from '../../i18n/index.ts';
import type { ExportTable } from '../exports/table-export.ts';
import type { CollaborationReport } from './support-report.ts';

const r4 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10_000) / 10_000);

export function collaborationTable(t: Translate, meta: [string, string][], report: CollaborationReport): ExportTable {
  const late = t('collaboration.reports.late');
  return {
    title: t('collaboration.reports.heading'),
    meta: [...meta, [late, String(report.late.length)]],
    columns: [
      { key: 'department', label: t('collaboration.reports.department') },
      { key: 'requested', label: t('collaboration.reports.requested'), type: 'number' },
      { key: 'asked_of', label: t('collaboration.reports.askedOf'), type: 'number' },
      { key: 'given', label: t('collaboration.reports.given'), type: 'number' },
      { key: 'declined', label: t('collaboration.reports.declined'), type: 'number' },
      { key: 'on_time', label: t('collaboration.reports.onTime'), type: 'percent' },
      { key: 'on_time_numerator', label: `${t('collaboration.reports.onTime')} (k)`, type: 'number' },
      { key: 'on_time_n', label: `${t('collaboration.reports.onTime')} (n)`, type: 'number' },
      { key: 'on_time_low', label: `${t('collaboration.reports.onTime')} IK 95% −`, type: 'percent' },
      { key: 'on_time_high', label: `${t('collaboration.reports.onTime')} IK 95% +`, type: 'percent' },
      { key: 'accept_median', label: t('collaboration.reports.medianAccept'), type: 'number' },
      { key: 'accept_n', label: `${t('collaboration.reports.medianAccept')} (n)`, type: 'number' },
      { key: 'complete_median', label: t('collaboration.reports.medianComplete'), type: 'number' },
      { key: 'complete_n', label: `${t('collaboration.reports.medianComplete')} (n)`, type: 'number' },
    ],
    rows: report.departments.map((d) => ({
      department: d.name,
      requested: d.figures.requested,
      asked_of: d.figures.askedOf,
      given: d.figures.given,
      declined: d.figures.declined,
      on_time: r4(d.figures.onTime.value),
      on_time_numerator: d.figures.onTime.numerator,
      on_time_n: d.figures.onTime.n,
      on_time_low: r4(d.figures.onTime.interval?.low),
      on_time_high: r4(d.figures.onTime.interval?.high),
      accept_median: r4(d.figures.timeToAccept.median),
      accept_n: d.figures.timeToAccept.n,
      complete_median: r4(d.figures.timeToComplete.median),
      complete_n: d.figures.timeToComplete.n,
    })),
  };
}

/** The league export with the page's "Kolaborasi" column: support done on time and its n, per department code of each row. */
export function leagueCollaboration(
  t: Translate,
  table: ExportTable,
  report: CollaborationReport,
  rowDepartmentCodes: readonly string[],
): ExportTable {
  const byCode = new Map(report.departments.map((d) => [d.code, d.figures.onTime]));
  const header = t('collaboration.reports.column');
  return {
    ...table,
    columns: [
      ...table.columns,
      { key: 'collaboration_on_time', label: header, type: 'percent' },
      { key: 'collaboration_on_time_n', label: `${header} (n)`, type: 'number' },
    ],
    rows: table.rows.map((r, i) => {
      const share = byCode.get(rowDepartmentCodes[i] ?? '');
      return { ...r, collaboration_on_time: share ? r4(share.value) : null, collaboration_on_time_n: share ? share.n : null };
    }),
  };
}
