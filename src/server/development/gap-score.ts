// The gap score of DESIGN.md §6, pure: per department and period, how strongly complaint failures
// and consultation input point at each competency. The page prints this formula with the weights.
//
// For department d and period P = [from, to):
//   complaint i of d, category k, competencies M(k) of that category (|M(k)| = m):
//     e_i = w_vol·[submitted in P] + w_resp·[response SLA missed, due in P] + w_res·[resolution SLA
//           missed, due in P] + w_reopen·(disputes in P) + w_low·[rating ≤ 2, resolved in P]
//     each c in M(k) receives e_i / m (a complaint's weight is shared, never counted m times);
//   contribution j to d's consultations, top level, visible, made in P, tagged T_j (|T_j| = t):
//     v_j = 1 + endorsements_j, each c in T_j receives v_j / t;
//   complaint part    K(c) = 100 · Σ e_i/m / max(1, V)  with V = d's complaints submitted in P
//   consultation part S(c) = 100 · w_con · Σ v_j/t / max(1, Σ_j v_j over all of d's contributions in P)
//   SKM part          Q(c) = 100 · w_skm · Σ shortfall(u)/t over the weak unsur u of the department's
//                     counted SKM mapped to c (t competencies each; skm-evidence.ts defines weak, the
//                     shortfall and the unsur → competency mapping)
//   gap score G(c) = K(c) + S(c) + Q(c), ranked highest first (ties: the older catalogue entry first).
// Dividing by the department's own volume and voice makes a large department comparable with a small
// one: K is "weighted failures per 100 complaints", S is "share of the consultation voice × w_con".
// SLA outcomes use the §4 definitions in responsiveness.ts, so these counts match the reports.
import { skmShortfall, type SkmUnsurEvidence } from './skm-evidence.ts';
import { resolutionOutcome, responseOutcome, type ComplaintFact, type MetricContext } from '../metrics/responsiveness.ts';

export interface GapWeights {
  volume: number;
  responseMiss: number;
  resolutionMiss: number;
  reopen: number;
  lowRating: number;
  consultation: number;
  skm: number;
}

export const DEFAULT_WEIGHTS: Readonly<GapWeights> = Object.freeze({
  volume: 0.5,
  responseMiss: 1,
  resolutionMiss: 1,
  reopen: 2,
  lowRating: 1,
  consultation: 1,
  skm: 1,
});

/** A rating at or below this counts as low. */
export const LOW_RATING = 2;

export interface ContributionEvidence {
  id: number;
  consultationId: number;
  endorsements: number;
  competencyIds: readonly number[];
}

export interface GapInput {
  from: number;
  to: number;
  now: number;
  /** Complaints of the department (any that may fall in the period; the rest weigh 0). */
  complaints: readonly ComplaintFact[];
  /** Category id → the competencies its failures point at. */
  categoryCompetencies: ReadonlyMap<number, readonly number[]>;
  /** The department's top-level visible contributions made in the period, tagged or not. */
  contributions: readonly ContributionEvidence[];
  /** The weak mapped unsur of the department's SKM, only when that SKM reached its minimum sample. */
  skm?: readonly SkmUnsurEvidence[];
  weights?: GapWeights;
}

export interface ComplaintCounts {
  complaints: number;
  volume: number;
  responseMisses: number;
  resolutionMisses: number;
  reopens: number;
  lowRatings: number;
}

export interface CompetencyGap {
  competencyId: number;
  rank: number;
  score: number;
  complaintPart: number;
  consultationPart: number;
  skmPart: number;
  /** The weak unsur behind the SKM part, each with the points it adds to this competency. */
  skmEvidence: { code: SkmUnsurEvidence['code']; converted: number; points: number }[];
  /** Counts of the complaints behind the complaint part (a complaint counted once per competency). */
  complaintEvidence: ComplaintCounts;
  consultationEvidence: { contributions: number; endorsements: number };
  complaintIds: number[];
  contributionIds: number[];
}

export interface GapResult {
  weights: GapWeights;
  /** V: complaints submitted in the period. */
  volume: number;
  /** Σ v_j over all the department's contributions in the period. */
  voice: number;
  /** Complaints with weight whose category maps to no competency (their weight is not ranked). */
  unmappedComplaints: number;
  untaggedContributions: number;
  ranked: CompetencyGap[];
}

/** The failure terms of one complaint in the period (all 0 = the complaint does not count). */
export function complaintTerms(f: ComplaintFact, range: { from: number; to: number; now: number }) {
  // The SLA outcome functions read only from, to and now of the context.
  const c = { from: range.from, to: range.to, now: range.now } as MetricContext;
  const miss = (o: string | null) => o === 'late' || o === 'past_due_open';
  const inP = (t: number | null) => t !== null && t >= range.from && t < range.to;
  return {
    volume: inP(f.submittedAt) ? 1 : 0,
    responseMiss: miss(responseOutcome(f, c)) ? 1 : 0,
    resolutionMiss: miss(resolutionOutcome(f, c)) ? 1 : 0,
    reopens: (f.history ?? []).filter((e) => e.action === 'dispute' && inP(e.at)).length,
    lowRating: f.rating !== null && f.rating <= LOW_RATING && inP(f.resolvedAt) ? 1 : 0,
  };
}

export function computeGapScores(input: GapInput): GapResult {
  const w = input.weights ?? DEFAULT_WEIGHTS;
  const acc = new Map<
    number,
    {
      k: number;
      s: number;
      q: { code: SkmUnsurEvidence['code']; converted: number; points: number }[];
      ev: ComplaintCounts;
      con: { contributions: number; endorsements: number };
      cids: number[];
      xids: number[];
    }
  >();
  const slot = (id: number) => {
    let a = acc.get(id);
    if (!a)
      acc.set(
        id,
        (a = {
          k: 0,
          s: 0,
          q: [],
          ev: { complaints: 0, volume: 0, responseMisses: 0, resolutionMisses: 0, reopens: 0, lowRatings: 0 },
          con: { contributions: 0, endorsements: 0 },
          cids: [],
          xids: [],
        }),
      );
    return a;
  };
  let volume = 0;
  let unmapped = 0;
  for (const f of input.complaints) {
    const x = complaintTerms(f, input);
    volume += x.volume;
    const e =
      w.volume * x.volume +
      w.responseMiss * x.responseMiss +
      w.resolutionMiss * x.resolutionMiss +
      w.reopen * x.reopens +
      w.lowRating * x.lowRating;
    if (e === 0) continue;
    const comps = [...new Set(input.categoryCompetencies.get(f.categoryId) ?? [])];
    if (comps.length === 0) {
      unmapped++;
      continue;
    }
    for (const id of comps) {
      const a = slot(id);
      a.k += e / comps.length;
      a.ev.complaints++;
      a.ev.volume += x.volume;
      a.ev.responseMisses += x.responseMiss;
      a.ev.resolutionMisses += x.resolutionMiss;
      a.ev.reopens += x.reopens;
      a.ev.lowRatings += x.lowRating;
      a.cids.push(f.id);
    }
  }
  let voice = 0;
  let untagged = 0;
  for (const j of input.contributions) {
    const v = 1 + Math.max(0, j.endorsements);
    voice += v;
    const tags = [...new Set(j.competencyIds)];
    if (tags.length === 0) {
      untagged++;
      continue;
    }
    for (const id of tags) {
      const a = slot(id);
      a.s += v / tags.length;
      a.con.contributions++;
      a.con.endorsements += Math.max(0, j.endorsements);
      a.xids.push(j.id);
    }
  }
  for (const u of input.skm ?? []) {
    const ids = [...new Set(u.competencyIds)];
    const short = skmShortfall(u.converted);
    if (short === 0 || ids.length === 0) continue;
    for (const id of ids) slot(id).q.push({ code: u.code, converted: u.converted, points: (100 * w.skm * short) / ids.length });
  }
  const ranked = [...acc.entries()]
    .map(([competencyId, a]) => {
      const complaintPart = (100 * a.k) / Math.max(1, volume);
      const consultationPart = (100 * w.consultation * a.s) / Math.max(1, voice);
      const skmPart = a.q.reduce((s, x) => s + x.points, 0);
      return {
        competencyId,
        rank: 0,
        score: complaintPart + consultationPart + skmPart,
        complaintPart,
        consultationPart,
        skmPart,
        skmEvidence: a.q,
        complaintEvidence: a.ev,
        consultationEvidence: a.con,
        complaintIds: a.cids,
        contributionIds: a.xids,
      };
    })
    .sort((a, b) => b.score - a.score || a.competencyId - b.competencyId);
  ranked.forEach((r, i) => (r.rank = i + 1));
  return { weights: { ...w }, volume, voice, unmappedComplaints: unmapped, untaggedContributions: untagged, ranked };
}

/** Rounded for display and export (two decimals). */
export function roundScore(v: number): number {
  return Math.round(v * 100) / 100;
}
