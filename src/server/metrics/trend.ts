// The trend charts of /reports: the §4 headline figures of each of the last months, each month read
// through the report summary (report-summary.ts: whole months, so the rollups answer), which gives
// the fact view's figures (a test compares the trend with a separate buildReport of each month).
import type { Db } from '../db/index.ts';
import type { Period } from './period.ts';
import type { ReportRequest, TrendPoint } from './reports.service.ts';
import { buildReportSummary } from './report-summary.ts';

export async function trend(db: Db, periods: readonly Period[], r: Omit<ReportRequest, 'period'>): Promise<TrendPoint[]> {
  const points: TrendPoint[] = [];
  for (const p of periods) {
    const m = (await buildReportSummary(db, { ...r, period: p })).overall;
    points.push({
      label: p.startDate.slice(0, 7),
      volume: m.volume,
      responseSla: m.responseSla.value,
      resolutionSla: m.resolutionSla.value,
      medianResolution: m.resolution.median,
      backlog: m.backlog.total,
    });
  }
  return points;
}
