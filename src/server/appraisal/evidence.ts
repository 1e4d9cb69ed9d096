// Appraisal evidence of one officer for one period (DESIGN.md §5), computed from the same fact rows as
// the reports: each indicator beside the department baseline and the case-mix expectation, proportions
// with a Wilson 95% interval, "data belum cukup" below the minimum sample. Pure: no database.
//
// Attribution (attribution.ts): each figure counts for the officer who acted in its stage, read from the
// workflow events — the first public response for response SLA and time (a miss: whoever held the
// complaint when it fell due), the last resolution for resolution SLA, time and CSAT (a miss: the holder
// at the due time), the disputed (or returned) resolution's author for reopen rate and disputes. The
// department baseline is every complaint of the department's facts that some officer took part in.
// /reports' "Per petugas" table reads the same computation, so both pages agree.
//
// Safeguard against "TL asal hijau": a complaint resolved within FAST_MINUTES of assignment with no
// public response at least RESPONSE_GAP_MINUTES before the resolution is an *unverified closure*. It is
// left out of every figure a quick closure would improve (cases handled, response and resolution SLA,
// first-response and resolution times) and kept in those it can only worsen (reopen rate, disputes,
// CSAT); the integrity signals count it. So a high count of fast closures never raises standing alone.
import {
  inResolutionCohort,
  reopenOutcome,
  resolutionOutcome,
  responseOutcome,
  type ComplaintFact,
  type MetricContext,
  type SlaOutcome,
} from '../metrics/responsiveness.ts';
import { mean, share, summarizeDurations, type DurationSummary, type Interval } from '../metrics/stats.ts';
import { integritySignals, isUnverifiedClosure, type IntegritySignals } from './integrity.ts';
import { holderAt, lastResolver, participants, stageCredit, timeInHand, type StageEvent } from './attribution.ts';

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
  /** Resolutions of the officer in the period that went through the resolution check. */
  checks: { checked: number; returned: number; autoAccepted: number; pending: number };
  /** Working days each complaint sat open with the officer within the period (n complaints, median, P90, total). */
  timeInHand: DurationSummary & { total: number };
  consultationResponses: { officer: number; departmentPerOfficer: number | null };
  signals: IntegritySignals;
}

/** One resolution check: whose resolution, and how it ended (checks.repository.ts). */
export interface CheckFact {
  complaintId?: number;
  resolverUserId: number;
  state: 'pending' | 'accepted' | 'returned' | 'auto_accepted' | 'superseded';
  resolvedAt: number;
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

/** What one complaint contributes to the evidence, and to whom (computed once per department). */
interface Item {
  fact: ComplaintFact;
  unverified: boolean;
  /** Assigned in the period or in its resolution cohort (and not an unverified closure). */
  handled: boolean;
  participants: ReadonlySet<number>;
  response: SlaOutcome;
  responseBy: number | null;
  resolutionSla: SlaOutcome;
  resolutionSlaBy: number | null;
  firstResponse: number | null;
  firstResponseBy: number | null;
  resolution: number | null;
  /** The last resolver: resolution time and CSAT. */
  resolvedBy: number | null;
  rating: number | null;
  /** Complaint level (department baseline): resolved in the period and disputed afterwards. */
  reopened: boolean | null;
  /** Per officer with a resolution in the period: whether a resolution of theirs from then on was undone. */
  reopenedBy: ReadonlyMap<number, boolean>;
  /** Disputes and returns made in the period, per author of the undone resolution. */
  undoneBy: ReadonlyMap<number, number>;
  inHand: ReadonlyMap<number, number>;
  /** Resolutions made in the period: in all, and per resolver. */
  resolutionsInP: { total: number; by: ReadonlyMap<number, number> };
}

function item(f: ComplaintFact, c: MetricContext, events: readonly StageEvent[] | undefined): Item {
  const unverified = isUnverifiedClosure(f);
  const resolved = inResolutionCohort(f, c);
  const counted = !unverified;
  const s = stageCredit(f, events);
  const response = counted ? responseOutcome(f, c) : null;
  const resolutionSla = counted ? resolutionOutcome(f, c) : null;
  const last = lastResolver(s);
  const reopenedBy = new Map<number, boolean>();
  const undoneBy = new Map<number, number>();
  const resolvedBy = new Map<number, number>();
  let resolutionsTotal = 0;
  s.resolutions.forEach((r, i) => {
    if (inPeriod(r.at, c)) {
      resolutionsTotal++;
      if (r.by !== null) resolvedBy.set(r.by, (resolvedBy.get(r.by) ?? 0) + 1);
    }
    if (r.by === null) return;
    if (r.undoneAt !== null && inPeriod(r.undoneAt, c)) undoneBy.set(r.by, (undoneBy.get(r.by) ?? 0) + 1);
    // From the officer's first resolution in the period on, any of theirs undone makes it a reopen.
    const firstInP = s.resolutions.findIndex((x) => x.by === r.by && inPeriod(x.at, c));
    if (firstInP !== -1 && i >= firstInP) reopenedBy.set(r.by, (reopenedBy.get(r.by) ?? false) || r.undoneAt !== null);
  });
  return {
    fact: f,
    unverified,
    handled: counted && (inPeriod(f.assignedAt, c) || resolved),
    participants: participants(s),
    response,
    responseBy: response === 'on_time' ? s.firstResponder : response === null ? null : (holderAt(s, f.responseDueAt!) ?? s.firstResponder),
    resolutionSla,
    resolutionSlaBy: resolutionSla === 'on_time' ? last : resolutionSla === null ? null : (holderAt(s, f.resolutionDueAt!) ?? last),
    firstResponse:
      counted && inPeriod(f.firstResponseAt, c) && f.assignedAt !== null ? c.clock.between(f.assignedAt, f.firstResponseAt!) : null,
    firstResponseBy: s.firstResponder,
    resolution: counted && resolved ? c.clock.between(f.assignedAt!, f.resolvedAt!) : null,
    resolvedBy: last,
    rating: resolved ? f.rating : null,
    reopened: f.history ? reopenOutcome(f, c) : null,
    reopenedBy,
    undoneBy,
    inHand: timeInHand(s, c.from, Math.min(c.to, c.now), c.clock.between),
    resolutionsInP: { total: resolutionsTotal, by: resolvedBy },
  };
}

function proportion<K extends string>(
  key: K,
  higherIsBetter: boolean,
  mine: readonly { categoryId: number; yes: boolean }[],
  all: readonly { categoryId: number; yes: boolean }[],
  minSample: number,
): ProportionIndicator<K> {
  const rates = ratesByCategory(
    all,
    (x) => x.categoryId,
    (x) => x.yes,
  );
  return {
    key,
    higherIsBetter,
    officer: shareFigure(mine.filter((x) => x.yes).length, mine.length, minSample),
    department: shareFigure(all.filter((x) => x.yes).length, all.length, minSample),
    caseMix: caseMixExpectation(
      mine.map((x) => x.categoryId),
      rates,
    ),
  };
}

function duration<K extends string>(
  key: K,
  mine: readonly { categoryId: number; value: number }[],
  all: readonly { categoryId: number; value: number }[],
  minSample: number,
): DurationIndicator<K> {
  const o = summarizeDurations(mine.map((x) => x.value));
  const dep = summarizeDurations(all.map((x) => x.value));
  return {
    key,
    officer: { ...o, sufficient: o.n >= minSample },
    department: { ...dep, sufficient: dep.n >= minSample },
    caseMixMedian: caseMixExpectation(
      mine.map((x) => x.categoryId),
      medianByCategory(all),
    ),
  };
}

/** Outcomes of one figure: the department's, and the officer's (those credited to them). */
function outcomes(items: readonly Item[], id: number, outcome: (x: Item) => boolean | null, by: (x: Item) => number | null) {
  const all: { categoryId: number; yes: boolean }[] = [];
  const mine: { categoryId: number; yes: boolean }[] = [];
  for (const x of items) {
    const o = outcome(x);
    if (o === null) continue;
    all.push({ categoryId: x.fact.categoryId, yes: o });
    if (by(x) === id) mine.push({ categoryId: x.fact.categoryId, yes: o });
  }
  return { mine, all };
}

function values(items: readonly Item[], id: number | null, value: (x: Item) => number | null, by: (x: Item) => number | null) {
  return items.flatMap((x) =>
    value(x) === null || (id !== null && by(x) !== id) ? [] : [{ categoryId: x.fact.categoryId, value: value(x)! }],
  );
}

/**
 * Evidence of the given officers. `facts` are the department's complaints for the period (loadFacts
 * with the department filter, plus complaints its officers worked on before a transfer); `stages` the
 * workflow events of each (attribution.ts; without them every stage counts for the current assignee).
 */
export function departmentEvidence(
  facts: readonly ComplaintFact[],
  c: MetricContext,
  opts: {
    officerIds: readonly number[];
    minSample?: number;
    consultationResponses?: readonly ConsultationResponseFact[];
    stages?: ReadonlyMap<number, readonly StageEvent[]>;
    checks?: readonly CheckFact[];
  },
): Map<number, OfficerEvidence> {
  const minSample = opts.minSample ?? DEFAULT_MIN_SAMPLE;
  const all = facts.map((f) => item(f, c, opts.stages?.get(f.id))).filter((x) => x.participants.size > 0);
  const handledTotal = all.filter((x) => x.handled).length;
  const withCases = new Set(all.flatMap((x) => (x.handled ? [...x.participants] : []))).size;
  const responses = opts.consultationResponses ?? [];
  const respondents = new Set(responses.map((r) => r.authorUserId)).size;
  const ratedAll = values(
    all,
    null,
    (x) => x.rating,
    (x) => x.resolvedBy,
  );
  const csatRates = meanByCategory(ratedAll);
  const reopenAll = all.flatMap((x) => (x.reopened === null ? [] : [{ categoryId: x.fact.categoryId, yes: x.reopened }]));
  const checks = (opts.checks ?? []).filter((k) => inPeriod(k.resolvedAt, c));
  const resolutionsOf = (id: number | null) =>
    all.reduce((n, x) => n + (id === null ? x.resolutionsInP.total : (x.resolutionsInP.by.get(id) ?? 0)), 0);
  const returnedOf = (id: number | null) => checks.filter((k) => k.state === 'returned' && (id === null || k.resolverUserId === id)).length;
  const out = new Map<number, OfficerEvidence>();
  for (const id of opts.officerIds) {
    const rated = values(
      all,
      id,
      (x) => x.rating,
      (x) => x.resolvedBy,
    );
    // Integrity signals: the complaints the officer resolved (in the period: integritySignals checks).
    const resolvedMine = new Set(all.filter((x) => resolvedByOfficer(x, id)));
    const inHand = all.flatMap((x) => (x.inHand.has(id) ? [x.inHand.get(id)!] : []));
    out.set(id, {
      officerUserId: id,
      minSample,
      cases: all.filter((x) => x.handled && x.participants.has(id)).length,
      departmentCasesPerOfficer: withCases > 0 ? handledTotal / withCases : null,
      responseSla: (({ mine, all: a }) => proportion('response_sla', true, mine, a, minSample))(
        outcomes(
          all,
          id,
          (x) => (x.response === null ? null : x.response === 'on_time'),
          (x) => x.responseBy,
        ),
      ),
      resolutionSla: (({ mine, all: a }) => proportion('resolution_sla', true, mine, a, minSample))(
        outcomes(
          all,
          id,
          (x) => (x.resolutionSla === null ? null : x.resolutionSla === 'on_time'),
          (x) => x.resolutionSlaBy,
        ),
      ),
      reopen: proportion(
        'reopen',
        false,
        all.flatMap((x) => (x.reopenedBy.has(id) ? [{ categoryId: x.fact.categoryId, yes: x.reopenedBy.get(id)! }] : [])),
        reopenAll,
        minSample,
      ),
      firstResponse: duration(
        'first_response',
        values(
          all,
          id,
          (x) => x.firstResponse,
          (x) => x.firstResponseBy,
        ),
        values(
          all,
          null,
          (x) => x.firstResponse,
          (x) => x.firstResponseBy,
        ),
        minSample,
      ),
      resolution: duration(
        'resolution',
        values(
          all,
          id,
          (x) => x.resolution,
          (x) => x.resolvedBy,
        ),
        values(
          all,
          null,
          (x) => x.resolution,
          (x) => x.resolvedBy,
        ),
        minSample,
      ),
      csat: {
        officer: { mean: mean(rated.map((x) => x.value)), n: rated.length, sufficient: rated.length >= minSample },
        department: { mean: mean(ratedAll.map((x) => x.value)), n: ratedAll.length, sufficient: ratedAll.length >= minSample },
        caseMix: caseMixExpectation(
          rated.map((x) => x.categoryId),
          csatRates,
        ),
      },
      disputes: all.reduce((s, x) => s + (x.undoneBy.get(id) ?? 0), 0),
      checks: {
        checked: checks.filter((k) => k.resolverUserId === id && (k.state === 'accepted' || k.state === 'returned')).length,
        returned: returnedOf(id),
        autoAccepted: checks.filter((k) => k.resolverUserId === id && k.state === 'auto_accepted').length,
        pending: checks.filter((k) => k.resolverUserId === id && k.state === 'pending').length,
      },
      // Rounded: the sum's last bits would depend on the order the complaints were read in.
      timeInHand: { ...summarizeDurations(inHand), total: Math.round(inHand.reduce((a, b) => a + b, 0) * 1e6) / 1e6 },
      consultationResponses: {
        officer: responses.filter((r) => r.authorUserId === id).length,
        departmentPerOfficer: respondents > 0 ? responses.length / respondents : null,
      },
      signals: integritySignals(
        [...resolvedMine].map((x) => x.fact),
        all.filter((x) => !resolvedMine.has(x)).map((x) => x.fact),
        c,
        minSample,
        { mine: [returnedOf(id), resolutionsOf(id)], rest: [returnedOf(null) - returnedOf(id), resolutionsOf(null) - resolutionsOf(id)] },
      ),
    });
  }
  return out;
}

/** Whose integrity signals a complaint feeds: its last resolver, or an officer whose resolution was undone. */
function resolvedByOfficer(x: Item, id: number): boolean {
  return x.reopenedBy.has(id) || x.resolvedBy === id;
}

/** The complaints an officer's integrity signals are computed over (same inputs as departmentEvidence). */
export function officerResolvedFacts(
  facts: readonly ComplaintFact[],
  c: MetricContext,
  id: number,
  stages?: ReadonlyMap<number, readonly StageEvent[]>,
): ComplaintFact[] {
  return facts
    .map((f) => item(f, c, stages?.get(f.id)))
    .filter((x) => x.participants.size > 0 && resolvedByOfficer(x, id))
    .map((x) => x.fact);
}

/** One officer's evidence (convenience for a single view). */
export function officerEvidence(
  facts: readonly ComplaintFact[],
  c: MetricContext,
  officerUserId: number,
  opts: {
    minSample?: number;
    consultationResponses?: readonly ConsultationResponseFact[];
    stages?: ReadonlyMap<number, readonly StageEvent[]>;
  } = {},
): OfficerEvidence {
  return departmentEvidence(facts, c, { ...opts, officerIds: [officerUserId] }).get(officerUserId)!;
}
