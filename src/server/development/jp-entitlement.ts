// The 20 JP check and the suggested training of a draft plan, pure. PP 11/2017 Pasal 203 ayat (4)
// gives every PNS competency development of at least 20 jam pelajaran (JP) a year; a plan is checked
// by its JP per officer: Σ (JP of an item × officers it targets) / officers of the department.
import type { CompetencyKind } from '../consultations/consultations.tables.ts';
import type { Jalur } from './development.tables.ts';

export const JP_PER_YEAR = 20;

export interface JpCheck {
  /** Σ JP × target officers (JP-officer hours the plan delivers). */
  totalJp: number;
  /** null when the department has no officers recorded. */
  perOfficer: number | null;
  status: 'unknown' | 'below' | 'meets' | 'above';
  /** JP per officer still missing to reach 20 (0 when met). */
  shortfall: number;
}

export function checkPlanJp(items: readonly { jp: number; targetCount: number }[], officerCount: number): JpCheck {
  const totalJp = items.reduce((n, i) => n + i.jp * i.targetCount, 0);
  if (officerCount <= 0) return { totalJp, perOfficer: null, status: 'unknown', shortfall: JP_PER_YEAR };
  const perOfficer = Math.round((totalJp / officerCount) * 10) / 10;
  const status = perOfficer < JP_PER_YEAR ? 'below' : perOfficer === JP_PER_YEAR ? 'meets' : 'above';
  return { totalJp, perOfficer, status, shortfall: Math.max(0, Math.round((JP_PER_YEAR - perOfficer) * 10) / 10) };
}

/** Splits `total` JP over scores by largest remainder: integers, each ≥ 1, summing to total. */
export function splitJp(scores: readonly number[], total = JP_PER_YEAR): number[] {
  if (scores.length === 0) return [];
  const n = Math.min(scores.length, total);
  const s = scores.slice(0, n);
  const sum = s.reduce((a, b) => a + b, 0);
  const spare = total - n;
  const exact = s.map((x) => (sum > 0 ? (x / sum) * spare : spare / n));
  const out = exact.map((x) => 1 + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]] = out[order[k]![1]]! + 1;
  return out;
}

export interface SuggestedItem {
  competencyId: number;
  kind: CompetencyKind;
  jalur: Jalur;
  bentuk: string;
  jp: number;
  score: number;
}

/**
 * The draft's items: the top competencies (score > 0, at most `top`), sharing 20 JP per officer in
 * proportion to their scores. Technical competencies go to classroom bimbingan teknis, managerial to
 * coaching and socio-cultural to e-learning (non-classroom): a starting point HR edits.
 */
export function suggestTraining(ranked: readonly { competencyId: number; score: number }[], kinds: ReadonlyMap<number, CompetencyKind>, top = 3): SuggestedItem[] {
  const chosen = ranked.filter((r) => r.score > 0 && kinds.has(r.competencyId)).slice(0, top);
  const jps = splitJp(chosen.map((r) => r.score));
  return chosen.map((r, i) => {
    const kind = kinds.get(r.competencyId)!;
    const [jalur, bentuk]: [Jalur, string] = kind === 'teknis' ? ['klasikal', 'bimbingan_teknis'] : kind === 'manajerial' ? ['nonklasikal', 'coaching'] : ['nonklasikal', 'e_learning'];
    return { competencyId: r.competencyId, kind, jalur, bentuk, jp: jps[i]!, score: r.score };
  });
}
