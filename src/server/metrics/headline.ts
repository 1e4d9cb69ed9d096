// The headline of /reports: the few figures a manager reads first, each with its change from the previous
// period of the same length (volume and backlog as counts, SLA shares in percentage points, durations in
// working days). Numbers in the reader's locale; a missing side of a comparison shows as "–".
import type { Metrics } from './responsiveness.ts';
import { intlLocale, numberFormat } from '../intl.ts';
import type { ConsultationMetrics } from './consultation-metrics.ts';

export interface HeadlineItem {
  key: 'volume' | 'responseSla' | 'resolutionSla' | 'resolutionMedian' | 'backlog' | 'consultation';
  value: number | null;
  previous: number | null;
  /** How the value and the change are written. */
  unit: 'count' | 'share' | 'days';
  /** Whether a rise is good (SLA, answered consultations) or bad (backlog, durations); volume is neutral. */
  better: 'up' | 'down' | 'neutral';
}

/** Share of contributions answered over all departments' consultation figures. */
function consultationShare(list: { metrics: ConsultationMetrics }[]): number | null {
  let n = 0;
  let answered = 0;
  for (const c of list) {
    n += c.metrics.responded.n;
    answered += c.metrics.responded.numerator;
  }
  return n === 0 ? null : answered / n;
}

export function headline(
  now: Metrics,
  before: Metrics,
  consultations: { now: { metrics: ConsultationMetrics }[]; before: { metrics: ConsultationMetrics }[] },
): HeadlineItem[] {
  return [
    { key: 'volume', value: now.volume, previous: before.volume, unit: 'count', better: 'neutral' },
    { key: 'responseSla', value: now.responseSla.value, previous: before.responseSla.value, unit: 'share', better: 'up' },
    { key: 'resolutionSla', value: now.resolutionSla.value, previous: before.resolutionSla.value, unit: 'share', better: 'up' },
    { key: 'resolutionMedian', value: now.resolution.median, previous: before.resolution.median, unit: 'days', better: 'down' },
    { key: 'backlog', value: now.backlog.total, previous: before.backlog.total, unit: 'count', better: 'down' },
    {
      key: 'consultation',
      value: consultationShare(consultations.now),
      previous: consultationShare(consultations.before),
      unit: 'share',
      better: 'up',
    },
  ];
}

export function formatHeadlineValue(item: HeadlineItem, locale: string): string {
  if (item.value === null) return '–';
  const nf = numberFormat(
    intlLocale(locale),
    item.unit === 'share' ? { style: 'percent', maximumFractionDigits: 1 } : { maximumFractionDigits: 1 },
  );
  return nf.format(item.value);
}

/** The signed change ("+12", "−3,5 poin", "+0,4"); null when either side is missing. */
export function formatHeadlineChange(item: HeadlineItem, locale: string): { text: string; direction: 'up' | 'down' | 'same' } | null {
  if (item.value === null || item.previous === null) return null;
  const diff = item.unit === 'share' ? (item.value - item.previous) * 100 : item.value - item.previous;
  const rounded = Math.round(diff * 10) / 10;
  const nf = numberFormat(intlLocale(locale), { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  return { text: nf.format(rounded), direction: rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'same' };
}
