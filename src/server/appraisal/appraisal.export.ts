// HR export of locked appraisal evidence (CSV, XLSX, JSON), keyed by NIP + period. Figures come from the
// snapshot frozen at the lock; no resident data (no example texts, codes or contacts) is ever included.
import type { APIContext } from 'astro';
import { notFound } from '../auth/guard.ts';
import { getDb } from '../db/index.ts';
import { systemClock } from '../clock.ts';
import { config } from '../config.ts';
import { downloadResponse, tableToCsv, tableToXlsx, type ExportColumn } from '../exports/table-export.ts';
import type { Translate } from '../../i18n/index.ts';
import { parsePeriodParam } from './appraisal.schema.ts';
import { exportEvidence, type ExportRecord } from './appraisal.service.ts';
import type { ShareFigure } from './evidence-figures.ts';
import { periodLabel } from './appraisal.view.ts';

const r4 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10_000) / 10_000);

function shareCells(prefix: string, s: ShareFigure, caseMix: number | null, dept: ShareFigure, insufficient: string) {
  return {
    [`${prefix}`]: s.sufficient ? r4(s.value) : insufficient,
    [`${prefix}_low`]: s.sufficient ? r4(s.interval?.low) : null,
    [`${prefix}_high`]: s.sufficient ? r4(s.interval?.high) : null,
    [`${prefix}_n`]: s.n,
    [`${prefix}_case_mix`]: s.sufficient ? r4(caseMix) : null,
    [`${prefix}_department`]: dept.sufficient ? r4(dept.value) : insufficient,
  };
}

/** One flat row per officer and period (the CSV/XLSX layout). */
export function exportRow(r: ExportRecord, t: Translate): Record<string, string | number | null> {
  const e = r.evidence;
  const ins = t('appraisal.insufficient');
  const s = e.signals;
  return {
    nip: r.nip,
    period: r.period,
    name: r.officerName,
    jabatan: r.jabatan,
    department: r.departmentCode,
    locked_at: r.lockedAt,
    cases: e.cases,
    ...shareCells('response_sla', e.responseSla.officer, e.responseSla.caseMix, e.responseSla.department, ins),
    ...shareCells('resolution_sla', e.resolutionSla.officer, e.resolutionSla.caseMix, e.resolutionSla.department, ins),
    ...shareCells('reopen', e.reopen.officer, e.reopen.caseMix, e.reopen.department, ins),
    first_response_median: e.firstResponse.officer.sufficient ? r4(e.firstResponse.officer.median) : ins,
    first_response_p90: e.firstResponse.officer.sufficient ? r4(e.firstResponse.officer.p90) : null,
    first_response_n: e.firstResponse.officer.n,
    resolution_median: e.resolution.officer.sufficient ? r4(e.resolution.officer.median) : ins,
    resolution_p90: e.resolution.officer.sufficient ? r4(e.resolution.officer.p90) : null,
    resolution_n: e.resolution.officer.n,
    csat_mean: e.csat.officer.sufficient ? r4(e.csat.officer.mean) : ins,
    csat_n: e.csat.officer.n,
    disputes: e.disputes,
    // The page's "resolutions checked" line and "time in hand" section, so the file and the page agree.
    checks_checked: e.checks.checked,
    checks_returned: e.checks.returned,
    checks_auto_accepted: e.checks.autoAccepted,
    checks_pending: e.checks.pending,
    time_in_hand_n: e.timeInHand.n,
    time_in_hand_median: r4(e.timeInHand.median),
    time_in_hand_p90: r4(e.timeInHand.p90),
    time_in_hand_total: r4(e.timeInHand.total),
    consultation_responses: e.consultationResponses.officer,
    signal_disputed_or_reopened: s.disputedOrReopened.count,
    signal_without_response: s.withoutResponse.count,
    signal_fast: s.fast.count,
    signal_unverified: s.unverified.count,
    signal_returned: s.returned.count,
    signal_rating_cluster: s.ratingClustering.count,
    signal_resolutions: s.fast.n,
    signals_flagged: Object.entries(s)
      .filter(([, x]) => x.flagged)
      .map(([k]) => k)
      .join(' '),
    officer_response: r.officerResponse,
    manager_note: r.managerNote,
  };
}

/** The GET handler body of /reports/evidence/export.{csv,xlsx,json} (the route file calls the guard). */
export async function evidenceExportResponse(ctx: APIContext, format: 'csv' | 'xlsx' | 'json'): Promise<Response> {
  const { t, user } = ctx.locals;
  const now = systemClock.now();
  const periodKey = parsePeriodParam(ctx.url.searchParams.get('period'), now, config().timeZone);
  const department = ctx.url.searchParams.get('department') || undefined;
  if (department !== undefined && !/^[A-Za-z0-9._-]{1,40}$/.test(department)) return notFound(ctx);
  const result = await exportEvidence(
    getDb(),
    { periodKey, departmentCode: department, format },
    { user, now, requestId: ctx.locals.requestId },
  );
  if (!result.ok) return notFound(ctx);
  const name = `bukti-penilaian-${periodKey}${department ? `-${department}` : ''}`;
  if (format === 'json') {
    const records = Object.fromEntries(result.records.map((r) => [`${r.nip}:${r.period}`, r]));
    const body = JSON.stringify({ period: periodKey, department: department ?? null, generatedAt: now.toISOString(), records }, null, 2);
    return new Response(body, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  const rows = result.records.map((r) => exportRow(r, t));
  const keys = rows.length ? Object.keys(rows[0]!) : Object.keys(exportRow(EMPTY, t));
  const columns: ExportColumn[] = keys.map((k) => ({
    key: k,
    label: k,
    type: /_(n|count)$|^cases$|^disputes$|^signal|^checks_|^time_in_hand_/.test(k) ? 'number' : 'text',
  }));
  const table = {
    title: t('appraisal.export.sheetTitle'),
    meta: [
      [t('appraisal.export.period'), periodLabel(periodKey, t)],
      [t('appraisal.export.department'), department ?? t('appraisal.export.all')],
      [t('appraisal.export.generated'), now.toISOString()],
    ] as [string, string][],
    columns,
    rows,
  };
  return format === 'csv' ? downloadResponse(tableToCsv(table), 'csv', name) : downloadResponse(await tableToXlsx(table), 'xlsx', name);
}

const zeroShare: ShareFigure = { numerator: 0, n: 0, value: null, interval: null, sufficient: false };
const zeroSignal = { count: 0, n: 0, value: null, interval: null, rest: null, flagged: false };
const zeroDuration = { n: 0, median: null, p90: null, sufficient: false };
/** Only used for the header of an empty export. */
const EMPTY: ExportRecord = {
  nip: '',
  period: '',
  officerName: '',
  jabatan: null,
  departmentCode: '',
  departmentName: '',
  lockedAt: '',
  officerResponse: null,
  managerNote: null,
  evidence: {
    officerUserId: 0,
    minSample: 10,
    cases: 0,
    departmentCasesPerOfficer: null,
    responseSla: { key: 'response_sla', higherIsBetter: true, officer: zeroShare, department: zeroShare, caseMix: null },
    resolutionSla: { key: 'resolution_sla', higherIsBetter: true, officer: zeroShare, department: zeroShare, caseMix: null },
    reopen: { key: 'reopen', higherIsBetter: false, officer: zeroShare, department: zeroShare, caseMix: null },
    firstResponse: { key: 'first_response', officer: zeroDuration, department: zeroDuration, caseMixMedian: null },
    resolution: { key: 'resolution', officer: zeroDuration, department: zeroDuration, caseMixMedian: null },
    csat: { officer: { mean: null, n: 0, sufficient: false }, department: { mean: null, n: 0, sufficient: false }, caseMix: null },
    disputes: 0,
    checks: { checked: 0, returned: 0, autoAccepted: 0, pending: 0 },
    timeInHand: { n: 0, median: null, p90: null, total: 0 },
    consultationResponses: { officer: 0, departmentPerOfficer: null },
    signals: {
      disputedOrReopened: zeroSignal,
      withoutResponse: zeroSignal,
      fast: zeroSignal,
      unverified: zeroSignal,
      returned: zeroSignal,
      ratingClustering: { ...zeroSignal, score: null },
    },
  },
};
