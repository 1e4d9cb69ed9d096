// Appraisal evidence of one officer for one period (DESIGN.md §5), computed from the same fact rows as
// the reports: each indicator beside the department baseline and the case-mix expectation, proportions
// with a Wilson 95% interval, "data belum cukup" below the minimum sample. Pure: no database.
//
// Attribution: a complaint counts for the officer who is its assignee now (the fact row's
// assigneeUserId), within the department being reviewed. A transfer to another department clears the
// assignee, so the complaint leaves the officer's evidence; a reassignment inside the department moves
// the whole case (including an earlier colleague's first response) to the new assignee. Per-stage
// attribution would need the respond/resolve events' actors; see docs/complaints.md.
//
// Safeguard against "TL asal hijau": a complaint resolved within FAST_MINUTES of assignment with no
// public response at least RESPONSE_GAP_MINUTES before the resolution is an *unverified closure*. It is
// left out of every figure a quick closure would improve (cases handled, response and resolution SLA,
// first-response and resolution times) and kept in those it can only worsen (reopen rate, disputes,
// CSAT); the integrity signals count it. So a high count of fast closures never raises standing alone.
import { inResolutionCohort, reopenOutcome, resolutionOutcome, responseOutcome, type ComplaintFact, type MetricContext, type SlaOutcome } from '../metrics/responsiveness.ts';
import { mean, share, summarizeDurations, type DurationSummary, type Interval } from '../metrics/stats.ts';
import { integritySignals, isUnverifiedClosure, type IntegritySignals } from './integrity.ts';

export { FAST_MINUTES, RESPONSE_GAP_MINUTES, isUnverifiedClosure } from './integrity.ts';

/** Cases below which a figure is shown as "data belum cukup" (setting appraisal_min_sample). */
export const DEFAULT_MIN_SAMPLE = 10;

export interface ShareFigure {
  numerator: number;
  n: number;
  value: number | null;
  interval: Interval | null;
  sufficient: boolean;
}

export interface DurationFigure extends DurationSummary {
  sufficient: boolean;
}

export interface MeanFigure {
  mean: number | null;
  n: number;
  sufficient: boolean;
}

export interface ProportionIndicator<K extends string = string> {
  key: K;
  /** Whether a higher share is the better one (SLA yes, reopen rate no). */
  higherIsBetter: boolean;
  officer: ShareFigure;
  department: ShareFigure;
  /** What an average officer of the department would score on this officer's mix of categories. */
  caseMix: number | null;
}

export interface DurationIndicator<K extends string = string> {
  key: K;
  officer: DurationFigure;
  department: DurationFigure;
  /** Expected median: the department's category medians weighted by the officer's cases. */
  caseMixMedian: number | null;
}

export interface OfficerEvidence {
  officerUserId: number;
  minSample: number;
  /** Complaints handled: assigned in the period or last resolved in it, unverified closures left out. */
  cases: number;
  /** Mean cases per officer of the department with any case (workload context, not a target). */
  departmentCasesPerOfficer: number | null;
  responseSla: ProportionIndicator<'response_sla'>;
  resolutionSla: ProportionIndicator<'resolution_sla'>;
  reopen: ProportionIndicator<'reopen'>;
  firstResponse: DurationIndicator<'first_response'>;
  resolution: DurationIndicator<'resolution'>;
  csat: { officer: MeanFigure; department: MeanFigure; caseMix: number | null };
  /** Disputes (sanggahan) by residents of this officer's resolutions, made in the period. */
  disputes: number;
  consultationResponses: { officer: number; departmentPerOfficer: number | null };
  signals: IntegritySignals;
}

export interface ConsultationResponseFact {
  authorUserId: number;
}

const inPeriod = (t: number | null, c: MetricContext) => t !== null && t >= c.from && t < c.to;

function shareFigure(numerator: number, n: number, minSample: number): ShareFigure {
  const s = share(numerator, n);
  return { ...s, sufficient: n >= minSample };
}

/** Σ over items of the department's rate of the item's category / items (categories without a rate skipped). */
export function caseMixExpectation(categories: readonly number[], rateOf: ReadonlyMap<number, number | null>): number | null {
  let sum = 0;
  let n = 0;
  for (const c of categories) {
    const r = rateOf.get(c);
    if (r === null || r === undefined) continue;
    sum += r;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Per-category rate of a yes/no outcome: yes / (yes + no). */
function ratesByCategory<T>(items: readonly T[], category: (x: T) => number, outcome: (x: T) => boolean): Map<number, number> {
  const acc = new Map<number, [number, number]>();
  for (const x of items) {
    const a = acc.get(category(x)) ?? [0, 0];
    if (outcome(x)) a[0]++;
    a[1]++;
    acc.set(category(x), a);
  }
  return new Map([...acc].map(([k, [y, n]]) => [k, y / n]));
}

function meanByCategory(items: readonly { categoryId: number; value: number }[]): Map<number, number> {
  const groups = new Map<number, number[]>();
  for (const x of items) (groups.get(x.categoryId) ?? groups.set(x.categoryId, []).get(x.categoryId)!).push(x.value);
  return new Map([...groups].map(([k, v]) => [k, mean(v)!]));
}

function medianByCategory(items: readonly { categoryId: number; value: number }[]): Map<number, number> {
  const groups = new Map<number, number[]>();
  for (const x of items) (groups.get(x.categoryId) ?? groups.set(x.categoryId, []).get(x.categoryId)!).push(x.value);
  return new Map([...groups].map(([k, v]) => [k, summarizeDurations(v).median!]));
}

/** What one complaint contributes to the evidence (computed once per department). */
interface Item {
  fact: ComplaintFact;
  unverified: boolean;
  handled: boolean;
  response: SlaOutcome;
  resolutionSla: SlaOutcome;
  firstResponse: number | null;
  resolution: number | null;
  rating: number | null;
  reopened: boolean | null;
  disputesInPeriod: number;
}

function item(f: ComplaintFact, c: MetricContext): Item {
  const unverified = isUnverifiedClosure(f);
  const resolved = inResolutionCohort(f, c);
  const counted = !unverified;
  return {
    fact: f,
    unverified,
    handled: counted && (inPeriod(f.assignedAt, c) || resolved),
    response: counted ? responseOutcome(f, c) : null,
    resolutionSla: counted ? resolutionOutcome(f, c) : null,
    firstResponse: counted && inPeriod(f.firstResponseAt, c) && f.assignedAt !== null ? c.clock.between(f.assignedAt, f.firstResponseAt!) : null,
    resolution: counted && resolved ? c.clock.between(f.assignedAt!, f.resolvedAt!) : null,
    rating: resolved ? f.rating : null,
    reopened: f.history ? reopenOutcome(f, c) : null,
    disputesInPeriod: (f.history ?? []).filter((e) => e.action === 'dispute' && inPeriod(e.at, c)).length,
  };
}

function proportion<K extends string>(
  key: K,
  higherIsBetter: boolean,
  mine: readonly Item[],
  all: readonly Item[],
  outcome: (x: Item) => boolean | null,
  minSample: number,
): ProportionIndicator<K> {
  const cohort = (xs: readonly Item[]) => xs.filter((x) => outcome(x) !== null);
  const m = cohort(mine);
  const d = cohort(all);
  const rates = ratesByCategory(d, (x) => x.fact.categoryId, (x) => outcome(x) === true);
  return {
    key,
    higherIsBetter,
    officer: shareFigure(m.filter((x) => outcome(x)).length, m.length, minSample),
    department: shareFigure(d.filter((x) => outcome(x)).length, d.length, minSample),
    caseMix: caseMixExpectation(m.map((x) => x.fact.categoryId), rates),
  };
}

function duration<K extends string>(key: K, mine: readonly Item[], all: readonly Item[], value: (x: Item) => number | null, minSample: number): DurationIndicator<K> {
  const values = (xs: readonly Item[]) => xs.flatMap((x) => (value(x) === null ? [] : [{ categoryId: x.fact.categoryId, value: value(x)! }]));
  const m = values(mine);
  const d = values(all);
  const o = summarizeDurations(m.map((x) => x.value));
  const dep = summarizeDurations(d.map((x) => x.value));
  return {
    key,
    officer: { ...o, sufficient: o.n >= minSample },
    department: { ...dep, sufficient: dep.n >= minSample },
    caseMixMedian: caseMixExpectation(m.map((x) => x.categoryId), medianByCategory(d)),
  };
}

/**
 * Evidence of every officer with a case in the department's facts. `facts` are the department's
 * complaints for the period (loadFacts with the department filter); the department baseline is every
 * assigned complaint among them, the officer included.
 */
export function departmentEvidence(
  facts: readonly ComplaintFact[],
  c: MetricContext,
  opts: { officerIds: readonly number[]; minSample?: number; consultationResponses?: readonly ConsultationResponseFact[] },
): Map<number, OfficerEvidence> {
  const minSample = opts.minSample ?? DEFAULT_MIN_SAMPLE;
  const all = facts.filter((f) => f.assigneeUserId !== null).map((f) => item(f, c));
  const byOfficer = new Map<number, Item[]>();
  for (const x of all) (byOfficer.get(x.fact.assigneeUserId!) ?? byOfficer.set(x.fact.assigneeUserId!, []).get(x.fact.assigneeUserId!)!).push(x);
  const handledTotal = all.filter((x) => x.handled).length;
  const withCases = [...byOfficer.values()].filter((xs) => xs.some((x) => x.handled)).length;
  const responses = opts.consultationResponses ?? [];
  const respondents = new Set(responses.map((r) => r.authorUserId)).size;
  const ratedAll = all.filter((x) => x.rating !== null).map((x) => ({ categoryId: x.fact.categoryId, value: x.rating! }));
  const csatRates = meanByCategory(ratedAll);
  const out = new Map<number, OfficerEvidence>();
  for (const id of opts.officerIds) {
    const mine = byOfficer.get(id) ?? [];
    const rated = mine.filter((x) => x.rating !== null);
    out.set(id, {
      officerUserId: id,
      minSample,
      cases: mine.filter((x) => x.handled).length,
      departmentCasesPerOfficer: withCases > 0 ? handledTotal / withCases : null,
      responseSla: proportion('response_sla', true, mine, all, (x) => (x.response === null ? null : x.response === 'on_time'), minSample),
      resolutionSla: proportion('resolution_sla', true, mine, all, (x) => (x.resolutionSla === null ? null : x.resolutionSla === 'on_time'), minSample),
      reopen: proportion('reopen', false, mine, all, (x) => x.reopened, minSample),
      firstResponse: duration('first_response', mine, all, (x) => x.firstResponse, minSample),
      resolution: duration('resolution', mine, all, (x) => x.resolution, minSample),
      csat: {
        officer: { mean: mean(rated.map((x) => x.rating!)), n: rated.length, sufficient: rated.length >= minSample },
        department: { mean: mean(ratedAll.map((x) => x.value)), n: ratedAll.length, sufficient: ratedAll.length >= minSample },
        caseMix: caseMixExpectation(rated.map((x) => x.fact.categoryId), csatRates),
      },
      disputes: mine.reduce((s, x) => s + x.disputesInPeriod, 0),
      consultationResponses: {
        officer: responses.filter((r) => r.authorUserId === id).length,
        departmentPerOfficer: respondents > 0 ? responses.length / respondents : null,
      },
      signals: integritySignals(
        mine.map((x) => x.fact),
        all.filter((x) => x.fact.assigneeUserId !== id).map((x) => x.fact),
        c,
        minSample,
      ),
    });
  }
  return out;
}

/** One officer's evidence (convenience for a single view). */
export function officerEvidence(
  facts: readonly ComplaintFact[],
  c: MetricContext,
  officerUserId: number,
  opts: { minSample?: number; consultationResponses?: readonly ConsultationResponseFact[] } = {},
): OfficerEvidence {
  return departmentEvidence(facts, c, { ...opts, officerIds: [officerUserId] }).get(officerUserId)!;
}
