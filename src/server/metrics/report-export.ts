// The header rows every report export starts with: period, filters, scope (a department manager's file
// names their department), rounding and generation time, so a file read alone says what it holds.
import type { Translate } from '../../i18n/index.ts';
import type { ReportContext } from './report-context.ts';
import type { ExportTable } from '../exports/table-export.ts';
import type { OverdueItem } from './overdue.ts';
import type { DrillItem } from './drill-down.ts';

export function exportMeta(t: Translate, ctx: ReportContext, now: Date, extra: [string, string][] = []): [string, string][] {
  const filterText =
    Object.entries(ctx.resolved.labels)
      .map(([k, v]) => `${t(`reports.filter.${k as 'department'}`)}: ${v}`)
      .join('; ') || t('reports.filter.none');
  return [
    [t('reports.export.period'), `${ctx.period.startDate} – ${ctx.period.endDate}`],
    [t('reports.export.filters'), filterText],
    [t('managerReports.export.scope'), ctx.scopeDepartmentName ?? t('managerReports.export.scopeAll')],
    ...extra,
    [t('managerReports.export.rounding'), t('managerReports.export.roundingNote')],
    [t('reports.export.generated'), now.toISOString()],
  ];
}

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The whole overdue list as a file: one row per complaint, due time as a local date cell. */
export function overdueTable(t: Translate, meta: [string, string][], items: OverdueItem[], timeZone: string): ExportTable {
  return {
    title: t('managerReports.overdue.title'),
    meta,
    timeZone,
    columns: [
      { key: 'code', label: t('reports.column.code') },
      { key: 'title', label: t('reports.column.complaint') },
      { key: 'department', label: t('reports.column.department') },
      { key: 'assignee', label: t('managerReports.column.assignee') },
      { key: 'stage', label: t('managerReports.column.stage') },
      { key: 'due', label: t('managerReports.column.due'), type: 'date' },
      { key: 'late', label: t('managerReports.column.late'), type: 'number' },
    ],
    rows: items.map((o) => ({
      code: o.code,
      title: o.title ?? t('complaints.privacy.confidential'),
      department: o.departmentName,
      assignee: o.assigneeName ?? t('managerReports.unassigned'),
      stage: t(`reports.overdueKind.${o.kind}`),
      due: o.dueAt,
      late: r1(o.workingDaysLate),
    })),
  };
}

/** The complaints behind one figure as a file (the drill-down list, every page). */
export function drillTable(t: Translate, title: string, meta: [string, string][], items: DrillItem[], timeZone: string): ExportTable {
  return {
    title,
    meta,
    timeZone,
    columns: [
      { key: 'code', label: t('reports.column.code') },
      { key: 'title', label: t('reports.column.complaint') },
      { key: 'state', label: t('reports.column.state') },
      { key: 'submitted', label: t('reports.column.submitted'), type: 'date' },
      { key: 'assignee', label: t('managerReports.column.assignee') },
      { key: 'due', label: t('managerReports.column.due'), type: 'date' },
      { key: 'late', label: t('managerReports.column.late'), type: 'number' },
    ],
    rows: items.map((c) => ({
      code: c.code,
      title: c.title ?? t('complaints.privacy.confidential'),
      state: t(`complaints.states.${c.state}` as never),
      submitted: c.submittedAt,
      assignee: c.assigneeName ?? t('managerReports.unassigned'),
      due: c.dueAt,
      late: r1(c.workingDaysLate),
    })),
  };
}

/** Officers of the scope, name and NIP apart, pointing at their evidence (no figures without §5's safeguards). */
export function officerTable(
  t: Translate,
  meta: [string, string][],
  officers: { name: string; nip: string | null }[],
  siteUrl: string,
): ExportTable {
  return {
    title: t('reports.section.officer'),
    meta: [...meta, [t('managerReports.column.evidence'), t('managerReports.officers.note')]],
    columns: [
      { key: 'name', label: t('managerReports.column.officer') },
      { key: 'nip', label: t('managerReports.column.nip') },
      { key: 'evidence', label: t('managerReports.column.evidence') },
    ],
    rows: officers.map((o) => ({
      name: o.name,
      nip: o.nip ?? '',
      evidence: o.nip ? `${siteUrl}/reports/evidence/${encodeURIComponent(o.nip)}` : '',
    })),
  };
}
