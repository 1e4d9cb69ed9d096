// The collaboration part of /reports and of the appraisal evidence: reads the support tasks of a
// period within the viewer's scope and turns them into the figures of support-metrics.ts, with department
// names; kept apart from metrics/ so the report page gains one section and one league column only.
import type { Db } from '../db/index.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { workingClock } from '../metrics/working-time.ts';
import type { ReportScope } from '../metrics/reports.policy.ts';
import {
  departmentSupport,
  lateForLead,
  officerSupport,
  pairFriction,
  type DepartmentSupport,
  type OfficerSupport,
  type PairFriction,
  type Range,
  type SupportFact,
} from './support-metrics.ts';

/** Tasks requested, due or ended in [from, to), where the lead or the supporting department is in scope. */
export async function loadSupportFacts(db: Db, r: { from: number; to: number }, departmentIds?: number[]): Promise<SupportFact[]> {
  let q = db
    .selectFrom('support_requests as s')
    .innerJoin('complaints as c', 'c.id', 's.complaint_id')
    .select([
      's.id',
      'c.code',
      's.lead_department_id',
      's.supporting_department_id',
      's.state',
      's.assignee_user_id',
      's.due_at',
      's.requested_at',
      's.accepted_at',
      's.ended_at',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('s.requested_at', '>=', r.from), eb('s.requested_at', '<', r.to)]),
        eb.and([eb('s.due_at', '>=', r.from), eb('s.due_at', '<', r.to)]),
        eb.and([eb('s.ended_at', '>=', r.from), eb('s.ended_at', '<', r.to)]),
      ]),
    );
  if (departmentIds)
    q = q.where((eb) => eb.or([eb('s.lead_department_id', 'in', departmentIds), eb('s.supporting_department_id', 'in', departmentIds)]));
  const rows = await q.orderBy('s.id').execute();
  return rows.map((x) => ({
    id: Number(x.id),
    code: x.code,
    leadDepartmentId: Number(x.lead_department_id),
    supportingDepartmentId: Number(x.supporting_department_id),
    state: x.state,
    assigneeUserId: x.assignee_user_id === null ? null : Number(x.assignee_user_id),
    dueAt: Number(x.due_at),
    requestedAt: Number(x.requested_at),
    acceptedAt: x.accepted_at === null ? null : Number(x.accepted_at),
    endedAt: x.ended_at === null ? null : Number(x.ended_at),
  }));
}

export function rangeOf(calendar: WorkingCalendar, from: number, to: number, now: number, facts: readonly SupportFact[]): Range {
  // The clock must cover every instant a figure measures between (requests before the period included).
  const earliest = Math.min(from, ...facts.map((f) => f.requestedAt));
  const latest = Math.max(to, now, ...facts.map((f) => Math.max(f.dueAt, f.endedAt ?? 0, f.acceptedAt ?? 0)));
  const clock = workingClock(calendar, earliest, latest);
  return { from, to, now, between: (a, b) => clock.between(a, b) };
}

export interface CollaborationReport {
  departments: { id: number; code: string; name: string; figures: DepartmentSupport }[];
  /** Late supporting tasks on the complaints of the departments in scope (the lead's report names them). */
  late: { code: string; leadName: string; supportingName: string; dueAt: Date; endedAt: Date | null; state: string }[];
  pairs: (PairFriction & { leadName: string; supportingName: string })[];
}

export async function collaborationReport(
  db: Db,
  o: { from: number; to: number; now: number; scope: ReportScope; calendar: WorkingCalendar },
): Promise<CollaborationReport> {
  const facts = await loadSupportFacts(db, o, o.scope.departmentIds);
  const range = rangeOf(o.calendar, o.from, o.to, o.now, facts);
  const depts = await db.selectFrom('departments').select(['id', 'code', 'short_name']).orderBy('name').execute();
  const name = new Map(depts.map((d) => [Number(d.id), d.short_name]));
  const visible = (id: number) => !o.scope.departmentIds || o.scope.departmentIds.includes(id);
  const figures = departmentSupport(facts, range);
  return {
    departments: depts
      .filter((d) => visible(Number(d.id)) && figures.has(Number(d.id)))
      .map((d) => ({ id: Number(d.id), code: d.code, name: d.short_name, figures: figures.get(Number(d.id))! })),
    late: lateForLead(facts, range)
      .filter((f) => visible(f.leadDepartmentId) || visible(f.supportingDepartmentId))
      .map((f) => ({
        code: f.code,
        leadName: name.get(f.leadDepartmentId) ?? '',
        supportingName: name.get(f.supportingDepartmentId) ?? '',
        dueAt: new Date(f.dueAt),
        endedAt: f.endedAt === null ? null : new Date(f.endedAt),
        state: f.state,
      })),
    pairs: pairFriction(facts, range).map((p) => ({
      ...p,
      leadName: name.get(p.leadDepartmentId) ?? '',
      supportingName: name.get(p.supportingDepartmentId) ?? '',
    })),
  };
}

/** One officer's supporting work for other departments in a period ("Kerja sama" in the evidence). */
export async function officerCollaboration(
  db: Db,
  o: { userId: number; from: number; to: number; now: number; calendar: WorkingCalendar; minSample: number },
): Promise<OfficerSupport | null> {
  const facts = (await loadSupportFacts(db, o)).filter((f) => f.assigneeUserId === o.userId);
  return officerSupport(facts, rangeOf(o.calendar, o.from, o.to, o.now, facts), o.minSample).get(o.userId) ?? null;
}

/**
 * Competencies that repeated declined or late supporting tasks point at, in both departments of the pair.
 * Codes of the existing catalogue (db/migrations/2026_11_22_1700_consultations.ts: komunikasi;
 * 2026_12_01_1100_development.ts: kerja_sama); one an admin removed is left out, never made up.
 */
export const COORDINATION_COMPETENCIES = ['kerja_sama', 'komunikasi'] as const;

export interface CoordinationEvidence {
  competencies: { code: string; name_id: string; name_en: string }[];
  pairs: (PairFriction & { leadName: string; supportingName: string; role: 'lead' | 'supporting' })[];
}

/** Development priorities (DESIGN.md §6): the pairs this department was part of with repeated trouble. */
export async function coordinationEvidence(
  db: Db,
  o: { departmentId: number; from: number; to: number; now: number; calendar: WorkingCalendar; minimum?: number },
): Promise<CoordinationEvidence> {
  const facts = await loadSupportFacts(db, o, [o.departmentId]);
  const range = rangeOf(o.calendar, o.from, o.to, o.now, facts);
  const pairs = pairFriction(facts, range, o.minimum ?? 2).filter(
    (p) => p.leadDepartmentId === o.departmentId || p.supportingDepartmentId === o.departmentId,
  );
  if (pairs.length === 0) return { competencies: [], pairs: [] };
  const [competencies, depts] = await Promise.all([
    db
      .selectFrom('competencies')
      .select(['code', 'name_id', 'name_en'])
      .where('code', 'in', [...COORDINATION_COMPETENCIES])
      .orderBy('code')
      .execute(),
    db.selectFrom('departments').select(['id', 'short_name']).execute(),
  ]);
  const name = new Map(depts.map((d) => [Number(d.id), d.short_name]));
  return {
    competencies,
    pairs: pairs.map((p) => ({
      ...p,
      leadName: name.get(p.leadDepartmentId) ?? '',
      supportingName: name.get(p.supportingDepartmentId) ?? '',
      role: p.leadDepartmentId === o.departmentId ? 'lead' : 'supporting',
    })),
  };
}
