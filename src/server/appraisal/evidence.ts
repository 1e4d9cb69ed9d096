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
import type { ComplaintFact, MetricContext } from '../metrics/responsiveness.ts';
import { mean, summarizeDurations, type DurationSummary } from '../metrics/stats.ts';
import { integritySignals, type IntegritySignals } from './integrity.ts';
import type { StageEvent } from './attribution.ts';
import {
  caseMixExpectation,
  duration,
  meanByCategory,
  proportion,
  type DurationIndicator,
  type MeanFigure,
  type ProportionIndicator,
} from './evidence-figures.ts';
import { inPeriod, item, outcomes, resolvedByOfficer, values } from './evidence-items.ts';

export { FAST_MINUTES, RESPONSE_GAP_MINUTES, isUnverifiedClosure } from './integrity.ts';

/** Cases below which a figure is shown as "data belum cukup" (setting appraisal_min_sample). */
export const DEFAULT_MIN_SAMPLE = 10;

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
