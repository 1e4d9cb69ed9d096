// What one complaint contributes to appraisal evidence, and to whom (computed once per department):
// each stage credited to the officer who acted in it (attribution.ts), unverified closures left out of
// the figures a quick closure would improve (integrity.ts). Pure: no database.
import {
  inResolutionCohort,
  reopenOutcome,
  resolutionOutcome,
  responseOutcome,
  type ComplaintFact,
  type MetricContext,
  type SlaOutcome,
} from '../metrics/responsiveness.ts';
import { isUnverifiedClosure } from './integrity.ts';
import { holderAt, lastResolver, participants, stageCredit, timeInHand, type StageEvent } from './attribution.ts';

export const inPeriod = (t: number | null, c: MetricContext) => t !== null && t >= c.from && t < c.to;

/** What one complaint contributes to the evidence, and to whom (computed once per department). */
export interface Item {
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

export function item(f: ComplaintFact, c: MetricContext, events: readonly StageEvent[] | undefined): Item {
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

/** Outcomes of one figure: the department's, and the officer's (those credited to them). */
export function outcomes(items: readonly Item[], id: number, outcome: (x: Item) => boolean | null, by: (x: Item) => number | null) {
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

export function values(items: readonly Item[], id: number | null, value: (x: Item) => number | null, by: (x: Item) => number | null) {
  return items.flatMap((x) =>
    value(x) === null || (id !== null && by(x) !== id) ? [] : [{ categoryId: x.fact.categoryId, value: value(x)! }],
  );
}

/** Whose integrity signals a complaint feeds: its last resolver, or an officer whose resolution was undone. */
export function resolvedByOfficer(x: Item, id: number): boolean {
  return x.reopenedBy.has(id) || x.resolvedBy === id;
}
