// Overdue list, paged drill-down lists, export scope and the managers' daily digest (English).
export const managerReports = {
  overdue: {
    title: 'Complaints past their due time',
    lead: 'Every open complaint past its response or resolution due time, the longest overdue first.',
    count: '{shown} of {total} complaints',
    range: 'Showing {first}–{last} of {total} complaints',
    summary: { one: '{n} complaint is past its due time.', other: '{n} complaints are past their due time.' },
    open: 'Open the full list',
    none: 'No complaint is past its due time.',
  },
  column: {
    assignee: 'Officer',
    stage: 'Stage',
    due: 'Due',
    late: 'Late (working days)',
    nip: 'Civil servant ID (NIP)',
    officer: 'Officer name',
    evidence: 'Appraisal evidence',
  },
  backToList: 'Back to the report list',
  unassigned: 'Not assigned',
  pager: { label: 'Pages', prev: 'Previous', next: 'Next', page: 'Page {page} of {pages}' },
  export: {
    scope: 'Scope',
    scopeAll: 'All departments',
    scopeDepartment: 'Department {department}',
    rows: 'Rows',
    rounding: 'Rounding',
    roundingNote: 'Percentages rounded to 0.1% as on the page; durations in working days, 0.1 day.',
    now: 'As of',
  },
  officers: {
    note: 'Per-officer figures are not shown here: they only mean something with the minimum sample, Wilson intervals and the integrity signals beside them. See the appraisal evidence for per-officer figures.',
    link: 'Open the per-officer appraisal evidence',
  },
  digest: {
    subject: { one: 'Daily digest: {n} complaint newly past its due time', other: 'Daily digest: {n} complaints newly past their due time' },
    intro: { one: 'Since the last digest, {n} complaint in your department went past its due time.', other: 'Since the last digest, {n} complaints in your department went past their due time.' },
    byStage: '{stage}: {n} new',
    total: { one: 'In all, {n} complaint is now past its due time.', other: 'In all, {n} complaints are now past their due time.' },
    link: 'Full list: {link}',
  },
};
