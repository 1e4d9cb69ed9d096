// The effect-on-service page (DESIGN.md §6b): per completed training of a year, and per competency over
// the year, the participants' responsiveness in the N months before and after the training's end against
// colleagues of the same department who did not take it, as differences-in-differences (effect.ts). The
// per-officer figures are the appraisal evidence's (appraisal/evidence.ts, with the stage attribution of
// attribution.ts), so a case counts for the officer who acted in that stage, as on the evidence pages.
// Also the evaluation scores per training and per provider (from MIN_ANSWERS answers) and the share of
// action plans applied. An association, not proof that the training caused it: the page says so.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { localDate, startOfLocalDay, type WorkingCalendar } from '../calendar/calendar.ts';
import { loadFacts, departmentNames } from '../metrics/metrics.repository.ts';
import { clockFor } from '../metrics/reports.service.ts';
import { departmentEvidence, isUnverifiedClosure } from '../appraisal/evidence.ts';
import { lastResolver, stageCredit } from '../appraisal/attribution.ts';
import { complaintsWorkedOnBy, listOfficers, minSampleSetting, stageEvents } from '../appraisal/appraisal.repository.ts';
import { actionPlanScope } from './action-plans.policy.ts';
import { appliedShare } from './action-plans.service.ts';
import {
  addCells,
  addMean,
  addShare,
  didMean,
  didProportion,
  emptyMean,
  emptyShare,
  windowsAround,
  type Cells,
  type DidFigure,
  type MeanCell,
  type ShareCell,
} from './effect.ts';
import { evaluationAnswers, evaluationScores, type EvaluationAnswers, type EvaluationScores } from './evaluation.ts';
import {
  competencyNames,
  completedParticipantsOf,
  listCompletedParticipations,
  listCompletedTrainings,
  type TrainingRow,
} from './evaluation.repository.ts';

export const DEFAULT_MONTHS = 6;
export const MAX_MONTHS = 24;

/** One officer's figures in one window (summed over officers into a group's cell). */
interface OfficerCells {
  response: ShareCell;
  resolution: ShareCell;
  reopen: ShareCell;
  csat: MeanCell;
}
const emptyOfficer = (): OfficerCells => ({ response: emptyShare(), resolution: emptyShare(), reopen: emptyShare(), csat: emptyMean() });
const addOfficer = (a: OfficerCells, b: OfficerCells): OfficerCells => ({
  response: addShare(a.response, b.response),
  resolution: addShare(a.resolution, b.resolution),
  reopen: addShare(a.reopen, b.reopen),
  csat: addMean(a.csat, b.csat),
});

type GroupCells = Cells<OfficerCells>;
const emptyGroup = (): GroupCells => ({
  participantsBefore: emptyOfficer(),
  participantsAfter: emptyOfficer(),
  colleaguesBefore: emptyOfficer(),
  colleaguesAfter: emptyOfficer(),
});
const addGroup = (a: GroupCells, b: GroupCells) => addCells(a, b, addOfficer);

export interface EffectFigures {
  responseSla: DidFigure;
  resolutionSla: DidFigure;
  reopen: DidFigure;
  csat: DidFigure;
}

function figures(c: GroupCells, minSample: number): EffectFigures {
  const pick = <K extends keyof OfficerCells>(k: K): Cells<OfficerCells[K]> => ({
    participantsBefore: c.participantsBefore[k],
    participantsAfter: c.participantsAfter[k],
    colleaguesBefore: c.colleaguesBefore[k],
    colleaguesAfter: c.colleaguesAfter[k],
  });
  return {
    responseSla: didProportion(pick('response'), minSample),
    resolutionSla: didProportion(pick('resolution'), minSample),
    reopen: didProportion(pick('reopen'), minSample),
    csat: didMean(pick('csat'), minSample),
  };
}

/** Per-officer cells of one department over [from, to) — the appraisal evidence of all its officers. */
async function windowCells(
  db: Db,
  departmentId: number,
  officerIds: number[],
  from: string,
  to: string,
  now: Date,
  calendar: WorkingCalendar,
  minSample: number,
): Promise<Map<number, OfficerCells>> {
  const start = startOfLocalDay(from, calendar.timeZone);
  const end = new Date(Math.min(startOfLocalDay(to, calendar.timeZone).getTime(), now.getTime()));
  const out = new Map<number, OfficerCells>();
  if (end <= start) return out;
  const range = { from: start.getTime(), to: end.getTime(), now: now.getTime() };
  const own = await loadFacts(db, range, { departmentId });
  const away = await complaintsWorkedOnBy(db, officerIds, range, departmentId);
  const awayFacts = [];
  for (let i = 0; i < away.length; i += 900) awayFacts.push(...(await loadFacts(db, range, { complaintIds: away.slice(i, i + 900) })));
  const facts = [...own, ...awayFacts];
  const stages = await stageEvents(
    db,
    facts.map((f) => f.id),
  );
  const ctx = { ...range, clock: clockFor(facts, { period: { from: start, to: end }, now, calendar }) };
  const evidence = departmentEvidence(facts, ctx, { officerIds, minSample, stages });
  // CSAT needs the spread of the ratings, not only their mean: the ratings of the officer's resolutions in
  // the window, credited to the last resolver as the evidence does.
  const csat = new Map<number, MeanCell>();
  for (const f of facts) {
    if (f.rating === null || f.resolvedAt === null || f.resolvedAt < range.from || f.resolvedAt >= range.to || isUnverifiedClosure(f))
      continue;
    const by = lastResolver(stageCredit(f, stages.get(f.id)));
    if (by === null) continue;
    csat.set(by, addMean(csat.get(by) ?? emptyMean(), { sum: f.rating, sumSq: f.rating ** 2, n: 1 }));
  }
  for (const [id, e] of evidence) {
    out.set(id, {
      response: { x: e.responseSla.officer.numerator, n: e.responseSla.officer.n },
      resolution: { x: e.resolutionSla.officer.numerator, n: e.resolutionSla.officer.n },
      reopen: { x: e.reopen.officer.numerator, n: e.reopen.officer.n },
      csat: csat.get(id) ?? emptyMean(),
    });
  }
  return out;
}

export interface TrainingEffect {
  training: TrainingRow;
  participants: number;
  colleagues: number;
  effect: EffectFigures;
  evaluation: EvaluationScores | null;
  actionPlans: ReturnType<typeof appliedShare>;
}

export interface EffectPage {
  year: number;
  months: number;
  minSample: number;
  scoped: boolean;
  trainings: TrainingEffect[];
  competencies: { competencyId: number; name_id: string; name_en: string; trainings: number; effect: EffectFigures }[];
  providers: { provider: string; trainings: number; evaluation: EvaluationScores }[];
  actionPlans: ReturnType<typeof appliedShare>;
  departments: Map<number, string>;
}

export function parseEffectQuery(params: URLSearchParams, today: string): { year: number; months: number } {
  const y = Number(params.get('year'));
  const m = Number(params.get('months'));
  return {
    year: Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(today.slice(0, 4)),
    months: Number.isInteger(m) && m >= 1 && m <= MAX_MONTHS ? m : DEFAULT_MONTHS,
  };
}

/** The page for a user (managers: their department's participants and colleagues; HR and admin: all); null → 404. */
export async function effectPage(
  db: Db,
  user: SessionUser | null,
  params: URLSearchParams,
  now: Date,
  narrow?: { departmentIds: number[] },
): Promise<EffectPage | null> {
  const allowed = actionPlanScope(user);
  if (!allowed) return null;
  // `narrow`: one department's part of what the viewer may see (the next plan's evidence).
  const scope = narrow
    ? { departmentIds: narrow.departmentIds.filter((d) => !allowed.departmentIds || allowed.departmentIds.includes(d)) }
    : allowed;
  const calendar = await loadCalendar(db);
  const { year, months } = parseEffectQuery(params, localDate(now, calendar.timeZone));
  const minSample = await minSampleSetting(db);
  const trainings = await listCompletedTrainings(db, year);
  const participantsOf = await completedParticipantsOf(
    db,
    trainings.map((t) => t.id),
  );
  const inScope = (d: number | null): d is number => d !== null && (!scope.departmentIds || scope.departmentIds.includes(d));
  const officersOf = new Map<number, number[]>();
  const cache = new Map<string, Map<number, OfficerCells>>();
  const cellsOf = async (d: number, from: string, to: string) => {
    if (!officersOf.has(d))
      officersOf.set(
        d,
        (await listOfficers(db, [d])).map((o) => o.id),
      );
    const key = `${d}|${from}|${to}`;
    if (!cache.has(key)) cache.set(key, await windowCells(db, d, officersOf.get(d)!, from, to, now, calendar, minSample));
    return cache.get(key)!;
  };
  const sum = (cells: Map<number, OfficerCells>, ids: number[]) =>
    ids.reduce((a, id) => addOfficer(a, cells.get(id) ?? emptyOfficer()), emptyOfficer());
  const plans = await listCompletedParticipations(db, scope.departmentIds);
  const out: TrainingEffect[] = [];
  const cellsByTraining = new Map<number, GroupCells>();
  const answersByTraining = new Map<number, EvaluationAnswers[]>();
  for (const t of trainings) {
    const all = participantsOf.get(t.id) ?? [];
    const taken = new Set(all.map((p) => p.userId));
    const depts = [...new Set(all.map((p) => p.departmentId))].filter(inScope);
    if (scope.departmentIds && !depts.length) continue;
    const w = windowsAround(t.ends_on, months);
    let cells = emptyGroup();
    let nParticipants = 0;
    let nColleagues = 0;
    for (const d of depts) {
      const before = await cellsOf(d, w.before.from, w.before.to);
      const after = await cellsOf(d, w.after.from, w.after.to);
      const mine = all.filter((p) => p.departmentId === d).map((p) => p.userId);
      const colleagues = officersOf.get(d)!.filter((id) => !taken.has(id));
      nParticipants += mine.length;
      nColleagues += colleagues.length;
      cells = addGroup(cells, {
        participantsBefore: sum(before, mine),
        participantsAfter: sum(after, mine),
        colleaguesBefore: sum(before, colleagues),
        colleaguesAfter: sum(after, colleagues),
      });
    }
    cellsByTraining.set(t.id, cells);
    const answers = t.evaluation_survey_id === null ? null : await evaluationAnswers(db, t.evaluation_survey_id);
    if (answers) answersByTraining.set(t.id, answers);
    out.push({
      training: t,
      participants: nParticipants,
      colleagues: nColleagues,
      effect: figures(cells, minSample),
      evaluation: answers ? evaluationScores(answers) : null,
      actionPlans: appliedShare(plans.filter((p) => p.training_id === t.id && p.plan).map((p) => p.plan!)),
    });
  }
  // Per competency: the trainings' cells added up (an officer in two trainings of it counts in both).
  const names = await competencyNames(db);
  const byCompetency = new Map<number, { cells: GroupCells; trainings: number }>();
  for (const r of out) {
    const c = r.training.competency_id;
    if (c === null) continue;
    const e = byCompetency.get(c) ?? { cells: emptyGroup(), trainings: 0 };
    byCompetency.set(c, { cells: addGroup(e.cells, cellsByTraining.get(r.training.id)!), trainings: e.trainings + 1 });
  }
  const byProvider = new Map<string, { answers: EvaluationAnswers[]; trainings: number }>();
  for (const r of out) {
    const a = answersByTraining.get(r.training.id);
    if (!a) continue;
    const e = byProvider.get(r.training.provider) ?? { answers: [], trainings: 0 };
    byProvider.set(r.training.provider, { answers: [...e.answers, ...a], trainings: e.trainings + 1 });
  }
  const shown = new Set(out.map((r) => r.training.id));
  // Figures of small groups of named people (a training's participants): every view is traced, as the
  // appraisal evidence's are.
  await appendAudit(db, {
    actor: { id: user!.id, role: user!.role },
    at: now,
    action: 'development.effect_viewed',
    objectType: 'development_effect',
    objectId: String(year),
    details: { months, trainings: out.length },
  });
  return {
    year,
    months,
    minSample,
    scoped: !!scope.departmentIds,
    trainings: out,
    competencies: [...byCompetency].map(([id, e]) => ({
      competencyId: id,
      name_id: names.get(id)?.name_id ?? String(id),
      name_en: names.get(id)?.name_en ?? String(id),
      trainings: e.trainings,
      effect: figures(e.cells, minSample),
    })),
    providers: [...byProvider]
      .map(([provider, e]) => ({ provider, trainings: e.trainings, evaluation: evaluationScores(e.answers) }))
      .sort((a, b) => a.provider.localeCompare(b.provider)),
    actionPlans: appliedShare(plans.filter((p) => p.plan && shown.has(p.training_id) && p.training.year === year).map((p) => p.plan!)),
    departments: new Map((await departmentNames(db)).map((d) => [d.id, d.name])),
  };
}
