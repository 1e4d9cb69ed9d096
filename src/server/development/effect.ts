// Effect on service (DESIGN.md §6b), pure: a difference-in-differences of a proportion or a mean between
// the participants of a training and their colleagues who did not take it, before and after it, with a
// normal-approximation 95% interval. An association, never proof that the training caused the change.
//
// For a proportion (response SLA %, resolution SLA %, reopen rate), with p = x / n in four independent
// groups — participants before (pb), participants after (pa), colleagues before (cb), colleagues after (ca):
//   DiD   = (p_pa − p_pb) − (p_ca − p_cb)
//   SE    = √( Σ p_g (1 − p_g) / n_g )   over the four groups g
//   95%   = DiD ± 1.96 · SE
// For a mean (CSAT, 1–5), with the sample variance s²_g = (Σx² − n·mean²) / (n − 1):
//   DiD   = (m_pa − m_pb) − (m_ca − m_cb)
//   SE    = √( Σ s²_g / n_g )
// Below the appraisal minimum sample (DESIGN §5, setting appraisal_min_sample, default 10) in any of the
// four groups the figure is "data belum cukup" (null), not a number.

export const Z95 = 1.959963984540054;

/** Successes out of n (a proportion's cell). */
export interface ShareCell {
  x: number;
  n: number;
}
/** A mean's cell: sum, sum of squares and count of the values. */
export interface MeanCell {
  sum: number;
  sumSq: number;
  n: number;
}

export interface Cells<C> {
  participantsBefore: C;
  participantsAfter: C;
  colleaguesBefore: C;
  colleaguesAfter: C;
}

export interface DidFigure {
  /** null: data belum cukup (a group under the minimum sample). */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** The n behind it, per group. */
  n: { participantsBefore: number; participantsAfter: number; colleaguesBefore: number; colleaguesAfter: number };
  sufficient: boolean;
}

const counts = <C extends { n: number }>(c: Cells<C>) => ({
  participantsBefore: c.participantsBefore.n,
  participantsAfter: c.participantsAfter.n,
  colleaguesBefore: c.colleaguesBefore.n,
  colleaguesAfter: c.colleaguesAfter.n,
});

function figure<C extends { n: number }>(c: Cells<C>, minSample: number, value: (g: C) => number, variance: (g: C) => number): DidFigure {
  const n = counts(c);
  const sufficient = Object.values(n).every((k) => k >= Math.max(1, minSample));
  if (!sufficient) return { estimate: null, low: null, high: null, n, sufficient };
  const estimate = value(c.participantsAfter) - value(c.participantsBefore) - (value(c.colleaguesAfter) - value(c.colleaguesBefore));
  const se = Math.sqrt(
    [c.participantsBefore, c.participantsAfter, c.colleaguesBefore, c.colleaguesAfter].reduce((s, g) => s + variance(g) / g.n, 0),
  );
  return { estimate, low: estimate - Z95 * se, high: estimate + Z95 * se, n, sufficient };
}

/** DiD of proportions (0..1), e.g. response SLA met. */
export function didProportion(c: Cells<ShareCell>, minSample: number): DidFigure {
  const p = (g: ShareCell) => g.x / g.n;
  return figure(c, minSample, p, (g) => p(g) * (1 - p(g)));
}

/** DiD of means, e.g. CSAT; a group of one value has no variance estimate and counts 0. */
export function didMean(c: Cells<MeanCell>, minSample: number): DidFigure {
  const m = (g: MeanCell) => g.sum / g.n;
  return figure(c, minSample, m, (g) => (g.n > 1 ? Math.max(0, (g.sumSq - g.n * m(g) ** 2) / (g.n - 1)) : 0));
}

export const emptyShare = (): ShareCell => ({ x: 0, n: 0 });
export const emptyMean = (): MeanCell => ({ sum: 0, sumSq: 0, n: 0 });
export const addShare = (a: ShareCell, b: ShareCell): ShareCell => ({ x: a.x + b.x, n: a.n + b.n });
export const addMean = (a: MeanCell, b: MeanCell): MeanCell => ({ sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq, n: a.n + b.n });
export function addCells<C>(a: Cells<C>, b: Cells<C>, add: (x: C, y: C) => C): Cells<C> {
  return {
    participantsBefore: add(a.participantsBefore, b.participantsBefore),
    participantsAfter: add(a.participantsAfter, b.participantsAfter),
    colleaguesBefore: add(a.colleaguesBefore, b.colleaguesBefore),
    colleaguesAfter: add(a.colleaguesAfter, b.colleaguesAfter),
  };
}

/** The window of `months` months before and after a date ('YYYY-MM-DD'): [from, pivot) and [pivot, to). */
export function windowsAround(
  pivot: string,
  months: number,
): { before: { from: string; to: string }; after: { from: string; to: string } } {
  const shift = (d: string, m: number) => {
    const [y, mo, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, mo - 1 + m, 1));
    const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    t.setUTCDate(Math.min(day, last));
    return t.toISOString().slice(0, 10);
  };
  return { before: { from: shift(pivot, -months), to: pivot }, after: { from: pivot, to: shift(pivot, months) } };
}
