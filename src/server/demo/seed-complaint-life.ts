// seed-demo's complaints: the life of one complaint up to now (verification or rejection, routing, a
// transfer, response, resolution, a dispute, confirmation and rating or automatic closing) drawn from its
// department's profile, with every column and every event consistent with each other.
import { demoResolution, demoResponse } from './demo-texts.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Profile {
  /** Median working days to the first response and to resolution; share left unresolved. */
  response: number;
  resolution: number;
  stuck: number;
}

export interface ComplaintRow {
  [column: string]: unknown;
  code: string;
}

interface EventRow {
  at: number;
  actor_user_id: number | null;
  actor_kind: 'system' | 'verifier' | 'department' | 'reporter';
  action: string;
  from_state: ComplaintState | null;
  to_state: ComplaintState;
  note: string;
  visibility: 'public' | 'internal';
  department_id: number | null;
  details: string;
}

export interface Plan {
  columns: Record<string, unknown>;
  events: EventRow[];
  rating: { score: number; comment: string; rated_at: number } | null;
}

export type Cat = {
  id: number;
  code: string;
  departmentId: number | null;
  responseDays: number;
  resolutionDays: number;
  autoRoute: boolean;
};

/** The life of one complaint up to now: every column and every event, consistent with each other. */
export function planComplaint(
  submitted: number,
  cat: Cat,
  depts: { id: number; code: string }[],
  profileOf: Map<number, Profile>,
  officersOf: Map<number, number[]>,
  now: number,
  rnd: () => number,
  lognormal: (median: number, sigma?: number) => number,
  due: (t: number, days: number) => number,
  later: (t: number, wd: number) => number,
): Plan {
  const events: EventRow[] = [];
  const ev = (
    at: number,
    action: string,
    from: ComplaintState | null,
    to: ComplaintState,
    kind: EventRow['actor_kind'],
    dept: number | null,
    actor: number | null = null,
    note = '',
  ) =>
    events.push({
      at,
      action,
      from_state: from,
      to_state: to,
      actor_kind: kind,
      department_id: dept,
      actor_user_id: actor,
      note,
      visibility: 'public',
      details: '{}',
    });
  const c: Record<string, unknown> = {
    submitted_at: submitted,
    verification_due_at: due(submitted, 3),
    state: 'submitted',
    updated_at: submitted,
    assigned_at: null,
    response_due_at: null,
    resolution_due_at: null,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    rejected_at: null,
    rejection_reason: null,
    reopened_count: 0,
    transfer_count: 0,
    department_id: null,
    assignee_user_id: null,
  };
  // Filed by the resident (anonymous demo filings: no account, so no actor id).
  ev(submitted, 'submit', null, 'submitted', 'reporter', null);
  const plan: Plan = { columns: c, events, rating: null };
  // Verification: automatic routing, or a verifier within a few working days; some rejected.
  const verifiedAt = cat.autoRoute && cat.departmentId !== null ? submitted : later(submitted, lognormal(0.6, 0.9));
  if (verifiedAt > now) return plan;
  if (!cat.autoRoute && rnd() < 0.06) {
    Object.assign(c, {
      state: 'rejected',
      rejected_at: verifiedAt,
      rejection_reason: rnd() < 0.5 ? 'duplicate' : rnd() < 0.5 ? 'spam' : 'out_of_scope',
      updated_at: verifiedAt,
    });
    ev(verifiedAt, 'reject', 'submitted', 'rejected', 'verifier', null);
    return plan;
  }
  let dept = cat.departmentId ?? depts[Math.floor(rnd() * depts.length)]!.id;
  Object.assign(c, {
    state: 'assigned',
    assigned_at: verifiedAt,
    department_id: dept,
    response_due_at: due(verifiedAt, cat.responseDays),
    resolution_due_at: due(verifiedAt, cat.resolutionDays),
    updated_at: verifiedAt,
  });
  ev(verifiedAt, 'route', 'submitted', 'assigned', cat.autoRoute ? 'system' : 'verifier', dept);
  let t = verifiedAt;
  // A few are sent on to another department first.
  if (rnd() < 0.06) {
    const to = depts[Math.floor(rnd() * depts.length)]!.id;
    const at = later(t, lognormal(1, 0.6));
    if (to !== dept && at < now) {
      ev(at, 'transfer', 'assigned', 'assigned', 'department', to);
      dept = to;
      t = at;
      Object.assign(c, { department_id: dept, transfer_count: 1, updated_at: at });
    }
  }
  const p = profileOf.get(dept)!;
  const officers = officersOf.get(dept) ?? [];
  const officer = officers.length ? officers[Math.floor(rnd() * officers.length)]! : null;
  c.assignee_user_id = officer;
  const respondedAt = later(t, lognormal(p.response, 0.9));
  if (respondedAt > now || rnd() < p.stuck / 3) return plan;
  Object.assign(c, { state: 'in_progress', first_response_at: respondedAt, updated_at: respondedAt });
  ev(respondedAt, 'respond', 'assigned', 'in_progress', 'department', dept, officer, demoResponse(submitted));
  if (rnd() < p.stuck) return plan;
  let resolvedAt = later(respondedAt, lognormal(Math.max(0.5, p.resolution - p.response), 0.8));
  if (resolvedAt > now) return plan;
  Object.assign(c, { state: 'resolved', resolved_at: resolvedAt, updated_at: resolvedAt });
  ev(resolvedAt, 'resolve', 'in_progress', 'resolved', 'department', dept, officer, demoResolution(submitted));
  // Residents dispute some resolutions; the department works on them again.
  if (rnd() < 0.07) {
    const disputedAt = resolvedAt + (0.5 + rnd() * 9) * DAY;
    if (disputedAt > now) return plan;
    Object.assign(c, { state: 'reopened', reopened_count: 1, updated_at: disputedAt });
    ev(disputedAt, 'dispute', 'resolved', 'reopened', 'reporter', dept);
    const again = later(disputedAt, lognormal(1, 0.6));
    if (again > now) return plan;
    Object.assign(c, { state: 'in_progress', updated_at: again });
    ev(again, 'respond', 'reopened', 'in_progress', 'department', dept, officer, demoResponse(submitted, 1));
    resolvedAt = later(again, lognormal(p.resolution / 2, 0.7));
    if (resolvedAt > now) return plan;
    Object.assign(c, { state: 'resolved', resolved_at: resolvedAt, updated_at: resolvedAt });
    ev(resolvedAt, 'resolve', 'in_progress', 'resolved', 'department', dept, officer, demoResolution(submitted, 1));
  }
  // Confirmed (and often rated) by the reporter, or closed automatically after 14 days.
  const confirms = rnd() < 0.45;
  const closedAt = confirms ? resolvedAt + (0.2 + rnd() * 5) * DAY : resolvedAt + 14 * DAY;
  if (closedAt > now) return plan;
  Object.assign(c, { state: 'closed', closed_at: closedAt, updated_at: closedAt });
  ev(closedAt, confirms ? 'confirm' : 'auto_close', 'resolved', 'closed', confirms ? 'reporter' : 'system', dept);
  if (confirms && rnd() < 0.85) {
    const speed = Math.min(1, p.response / 5 + (c.reopened_count ? 0.4 : 0));
    const rating = Math.max(1, Math.min(5, Math.round(4.6 - 2 * speed + normal(rnd) * 0.8)));
    plan.rating = { score: rating, comment: '', rated_at: closedAt };
  }
  return plan;
}

function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}
