// What the last year's development cycle says about next year's plan (DESIGN.md §6b, "results feed the
// next plan"), beside the gap scores: the PNS below 20 JP realised in the basis year (they come first),
// the officers' proposals for the plan year, the trainings to do differently (poorly rated by their
// participants, or no measurable improvement of the participants' service) and the competencies whose
// participants improved. The draft writes it into its items' notes; the plan editor shows it live.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import type { DidFigure } from './effect.ts';
import { effectPage, type EffectFigures } from './effect.service.ts';
import { ledgerOf, type LedgerEntry } from './jp-ledger.ts';
import { listPnsOfDepartments } from './jp-ledger.repository.ts';
import { JP_PER_YEAR } from './jp-entitlement.ts';
import type { Jalur } from './development.tables.ts';
import { translator } from '../../i18n/index.ts';

/**
 * A training's participants rated it poorly when the mean of the five aspects (1–5 scales) is below the
 * scale's midpoint, 3: more of them disagreed than agreed that it served them.
 */
export const POOR_EVALUATION_BELOW = 3;

export type FigureKey = keyof EffectFigures;
const FIGURES: readonly FigureKey[] = ['responseSla', 'resolutionSla', 'reopen', 'csat'];
/** Reopening is the one figure where lower is better. */
const LOWER_IS_BETTER: ReadonlySet<FigureKey> = new Set(['reopen']);

/** The figures whose 95% interval lies wholly on the better side of zero. */
export function improvedFigures(e: EffectFigures): FigureKey[] {
  const better = (k: FigureKey, f: DidFigure) =>
    f.sufficient && f.low !== null && f.high !== null && (LOWER_IS_BETTER.has(k) ? f.high < 0 : f.low > 0);
  return FIGURES.filter((k) => better(k, e[k]));
}

/** No measurable improvement: at least one figure had enough data, and none improved. */
export function showedNoEffect(e: EffectFigures): boolean {
  return FIGURES.some((k) => e[k].sufficient) && improvedFigures(e).length === 0;
}

export interface FlaggedTraining {
  id: number;
  title: string;
  provider: string;
  jalur: Jalur;
  bentuk: string;
  competencyId: number | null;
  /** Mean of the evaluation's aspects, when shown (5 answers or more). */
  evaluation: number | null;
  poorEvaluation: boolean;
  noEffect: boolean;
}

export interface NextPlanEvidence {
  /** The year whose trainings and JP are the evidence: the plan year's previous one. */
  basisYear: number;
  /** PNS of the department below 20 JP realised in the basis year, fewest JP first. */
  belowJp: LedgerEntry[];
  /** Trainings of the basis year to do differently (another provider or jalur). */
  flagged: FlaggedTraining[];
  /** Competencies whose participants' service improved after their training, with the figures that did. */
  improved: { competencyId: number; name: string; figures: FigureKey[] }[];
}

/** The evidence for a department's plan of `planYear`, as the actor may see it (their scope applies). */
export async function nextPlanEvidence(
  db: Db,
  actor: SessionUser,
  departmentId: number,
  planYear: number,
  now: Date,
  locale = 'id',
): Promise<NextPlanEvidence> {
  const basisYear = planYear - 1;
  const ledger = await ledgerOf(db, await listPnsOfDepartments(db, [departmentId]), basisYear);
  const belowJp = ledger.filter((e) => e.realised < JP_PER_YEAR).sort((a, b) => a.realised - b.realised || a.name.localeCompare(b.name));
  const effect = await effectPage(db, actor, new URLSearchParams({ year: String(basisYear) }), now, { departmentIds: [departmentId] });
  const flagged: FlaggedTraining[] = [];
  for (const t of effect?.trainings ?? []) {
    const evaluation = t.evaluation?.sufficient ? t.evaluation.overall : null;
    const poorEvaluation = evaluation !== null && evaluation < POOR_EVALUATION_BELOW;
    const noEffect = showedNoEffect(t.effect);
    if (!poorEvaluation && !noEffect) continue;
    flagged.push({
      id: t.training.id,
      title: t.training.title,
      provider: t.training.provider,
      jalur: t.training.jalur as Jalur,
      bentuk: t.training.bentuk,
      competencyId: t.training.competency_id,
      evaluation,
      poorEvaluation,
      noEffect,
    });
  }
  const improved = (effect?.competencies ?? [])
    .map((c) => ({ competencyId: c.competencyId, name: locale === 'en' ? c.name_en : c.name_id, figures: improvedFigures(c.effect) }))
    .filter((c) => c.figures.length > 0);
  return { basisYear, belowJp, flagged, improved };
}

// A plan is a document in Bahasa Indonesia: its notes name the figures with the editor's own words.
const id = translator('id');
const figureName = (k: FigureKey) => id(`nextPlan.figure.${k}`);
const NOTES_MAX = 500;
const decimal = (v: number) => v.toFixed(1).replace('.', ',');

/**
 * The evidence a drafted item carries in its notes (Bahasa Indonesia, as the plan document): how many
 * officers proposed its competency, last year's trainings of it to do differently, and whether its
 * participants improved.
 */
export function itemEvidenceNotes(competencyId: number, evidence: NextPlanEvidence, proposals: number): string {
  const out: string[] = [];
  if (proposals > 0) out.push(`Diusulkan oleh ${proposals} ASN.`);
  for (const f of evidence.flagged.filter((x) => x.competencyId === competencyId)) {
    const why = [
      ...(f.poorEvaluation && f.evaluation !== null ? [id('nextPlan.poor', { score: decimal(f.evaluation) })] : []),
      ...(f.noEffect ? [id('nextPlan.noEffect')] : []),
    ].join(' dan ');
    out.push(`Pelatihan ${evidence.basisYear} "${f.title}" (${f.provider}, ${f.jalur}) ${why}: pertimbangkan penyedia atau jalur lain.`);
  }
  const better = evidence.improved.find((c) => c.competencyId === competencyId);
  if (better)
    out.push(
      `Peserta pelatihan kompetensi ini pada ${evidence.basisYear} membaik: ${better.figures.map(figureName).join(', ')} (asosiasi, bukan bukti sebab).`,
    );
  // The item's notes hold 500 characters.
  const text = out.join(' ');
  return text.length <= NOTES_MAX ? text : `${text.slice(0, NOTES_MAX - 1)}…`;
}

/** The draft's basis sentence about the PNS below 20 JP in the basis year (empty when there are none); the editor lists them. */
export function belowJpBasis(evidence: NextPlanEvidence): string {
  const n = evidence.belowJp.length;
  return n === 0 ? '' : `; ${n} PNS belum mencapai ${JP_PER_YEAR} JP pada ${evidence.basisYear} didahulukan`;
}
