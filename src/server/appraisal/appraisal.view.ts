// Display helpers for the appraisal pages: period labels, figures with their interval or
// "data belum cukup", and the PermenPANRB 6/2022 predikat matrix (shown, never applied).
import type { Translate } from '../../i18n/index.ts';
import { intlLocale, numberFormat } from '../intl.ts';
import { fmtDays, fmtPercent } from '../metrics/report-view.ts';
import type { DurationFigure, MeanFigure, ShareFigure } from './evidence-figures.ts';
import { PERIOD_KEY } from './appraisal.schema.ts';

export function periodLabel(key: string, t: Translate): string {
  const m = PERIOD_KEY.exec(key);
  if (!m) return key;
  return m[2]
    ? t(m[2] === '1' ? 'appraisal.period.S1' : 'appraisal.period.S2', { year: m[1]! })
    : t('appraisal.period.year', { year: m[1]! });
}

export function fmtShare(s: ShareFigure, t: Translate, locale: string): string {
  if (!s.sufficient) return `${t('appraisal.insufficient')} (n = ${s.n})`;
  return `${fmtPercent(s.value, locale)} (${t('appraisal.indicator.ofN', { numerator: s.numerator, n: s.n })})`;
}

export function fmtInterval(s: ShareFigure, locale: string): string {
  if (!s.sufficient || !s.interval) return '–';
  return `${fmtPercent(s.interval.low, locale)} – ${fmtPercent(s.interval.high, locale)}`;
}

export function fmtExpected(v: number | null, sufficient: boolean, locale: string): string {
  return sufficient && v !== null ? fmtPercent(v, locale) : '–';
}

export function fmtDuration(d: DurationFigure, t: Translate, locale: string): string {
  if (!d.sufficient) return `${t('appraisal.insufficient')} (n = ${d.n})`;
  return `${fmtDays(d.median, locale)} / ${fmtDays(d.p90, locale)} (n = ${d.n})`;
}

export function fmtMean(m: MeanFigure, t: Translate, locale: string): string {
  if (!m.sufficient || m.mean === null) return `${t('appraisal.insufficient')} (n = ${m.n})`;
  return `${numberFormat(intlLocale(locale), { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(m.mean)} (n = ${m.n})`;
}

export function fmtNumber(v: number | null, locale: string, digits = 1): string {
  return v === null ? '–' : numberFormat(intlLocale(locale), { maximumFractionDigits: digits }).format(v);
}

export type Expectation = 'above' | 'meets' | 'below';
export type Predikat = 'sangatBaik' | 'baik' | 'butuhPerbaikan' | 'kurang' | 'sangatKurang';

/**
 * The quadrant of the Annex to PermenPANRB 6/2022: rows hasil kerja, columns perilaku kerja
 * (below, meets, above). Displayed for the appraising official; the portal never applies it.
 */
export const PREDIKAT_MATRIX: Record<Expectation, Record<Expectation, Predikat>> = {
  above: { below: 'kurang', meets: 'baik', above: 'sangatBaik' },
  meets: { below: 'kurang', meets: 'baik', above: 'baik' },
  below: { below: 'sangatKurang', meets: 'butuhPerbaikan', above: 'butuhPerbaikan' },
};
