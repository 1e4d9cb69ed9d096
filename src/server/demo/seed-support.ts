// seed-demo's departments working together: on a share of the demo complaints the handling
// department asks another for help, and the story plays out: mostly accepted and done (some late), some
// declined, some closed by the lead, a few still open on open complaints. Synthetic behaviour, not a claim
// about real departments. Which department helps follows the categories' roles (a social-assistance
// complaint asks the department that handles puskesmas complaints, a damaged road the drainage one…), so it
// works for any region's reference data; a department with no partner role asks a random other department.
// Deterministic for a given seed: complaints are visited in id order with their own generator.
import type { Db } from '../db/index.ts';
import { addWorkingDays, type WorkingCalendar } from '../calendar/calendar.ts';
import type { SupportState } from '../collaboration/support.tables.ts';
import { mulberry32 } from './random.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The category whose department is asked to help with a complaint of this category. */
const PARTNER_ROLE: Record<string, string> = {
  'bantuan-sosial': 'puskesmas',
  terlantar: 'puskesmas',
  'jalan-rusak': 'drainase',
  drainase: 'jalan-rusak',
  parkir: 'ketertiban',
  'lalu-lintas': 'ketertiban',
  sampah: 'kesehatan-lingkungan',
  'kesehatan-lingkungan': 'sampah',
  ketertiban: 'lalu-lintas',
};

const TASKS = [
  'Mohon pemeriksaan lapangan bersama dan laporan hasilnya (data demo).',
  'Mohon tindak lanjut sesuai kewenangan dinas Anda dan kabari kami (data demo).',
  'Mohon data pendukung untuk penyelesaian pengaduan ini (data demo).',
];

export interface SupportSeedResult {
  requests: number;
  declined: number;
  late: number;
}

/** Adds supporting tasks to about `share` of the demo complaints a department handled. */
export async function seedSupport(
  db: Db,
  o: { seed: number; now: number; calendar: WorkingCalendar; share?: number },
): Promise<SupportSeedResult> {
  const rnd = mulberry32(o.seed * 7919 + 26);
  const share = o.share ?? 0.06;
  const cats = await db.selectFrom('categories').select(['id', 'code', 'department_id']).execute();
  const deptOfRole = new Map(cats.filter((c) => c.department_id !== null).map((c) => [c.code, Number(c.department_id)]));
  const catCode = new Map(cats.map((c) => [Number(c.id), c.code]));
  const depts = (await db.selectFrom('departments').select('id').where('active', '=', 1).orderBy('id').execute()).map((d) => Number(d.id));
  const staff = await db
    .selectFrom('users')
    .select(['id', 'department_id', 'role'])
    .where('email', 'like', '%@demo.suarawarga.invalid')
    .where('department_id', 'is not', null)
    .orderBy('id')
    .execute();
  const officers = (dept: number) => staff.filter((u) => Number(u.department_id) === dept && u.role === 'officer').map((u) => Number(u.id));
  const manager = (dept: number) => staff.find((u) => Number(u.department_id) === dept && u.role === 'manager')?.id ?? null;
  const complaints = await db
    .selectFrom('complaints')
    .select([
      'id',
      'category_id',
      'department_id',
      'assignee_user_id',
      'state',
      'assigned_at',
      'first_response_at',
      'resolution_due_at',
      'resolved_at',
      'closed_at',
    ])
    .where('title', 'like', '%(data demo)')
    .where('department_id', 'is not', null)
    .where('assigned_at', 'is not', null)
    .where('resolution_due_at', 'is not', null)
    .orderBy('id')
    .execute();
  const result: SupportSeedResult = { requests: 0, declined: 0, late: 0 };
  const rows: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  for (const c of complaints) {
    if (rnd() >= share) continue;
    const lead = Number(c.department_id);
    const partner = deptOfRole.get(PARTNER_ROLE[catCode.get(Number(c.category_id)) ?? ''] ?? '');
    const others = depts.filter((d) => d !== lead);
    const supporting = partner !== undefined && partner !== lead ? partner : others[Math.floor(rnd() * others.length)];
    if (supporting === undefined) continue;
    const requestedAt = Math.round(Number(c.assigned_at) + (0.1 + rnd() * 1.5) * DAY);
    const end = c.resolved_at ?? c.closed_at ?? null;
    if (requestedAt >= o.now - HOUR || (end !== null && requestedAt >= Number(end) - 2 * HOUR)) continue;
    const dueAt = Math.min(
      addWorkingDays(new Date(requestedAt), 2 + Math.floor(rnd() * 4), o.calendar).getTime(),
      Number(c.resolution_due_at),
    );
    if (dueAt <= requestedAt) continue;
    const open = c.state === 'assigned' || c.state === 'in_progress' || c.state === 'reopened';
    // Nothing may end after the complaint's resolution (the resolve guard), nor after now.
    const limit = end !== null ? Number(end) - HOUR : o.now - HOUR;
    const clamp = (t: number) => Math.round(Math.min(t, limit));
    const x = rnd();
    let state: SupportState = x < 0.68 ? 'done' : x < 0.82 ? 'declined' : x < 0.9 ? 'closed_by_lead' : 'accepted';
    if (state === 'accepted' && !open) state = 'done';
    const late = state === 'done' && rnd() < 0.25;
    const officerIds = officers(supporting);
    const assignee = officerIds.length > 0 ? officerIds[Math.floor(rnd() * officerIds.length)]! : null;
    let acceptedAt: number | null = null;
    let endedAt: number | null = null;
    if (state === 'done' || state === 'accepted') acceptedAt = clamp(requestedAt + (0.05 + rnd() * 1.2) * DAY);
    if (state === 'done')
      endedAt = clamp(late ? dueAt + (0.3 + rnd() * 3) * DAY : acceptedAt! + rnd() * Math.max(HOUR, dueAt - acceptedAt!));
    if (state === 'declined') endedAt = clamp(requestedAt + (0.1 + rnd() * 2) * DAY);
    if (state === 'closed_by_lead') endedAt = clamp(requestedAt + (0.5 + rnd() * 4) * DAY);
    if (acceptedAt !== null && acceptedAt <= requestedAt) continue;
    if (endedAt !== null && endedAt < (acceptedAt ?? requestedAt)) continue;
    if (state === 'done' && assignee === null) continue;
    const stateAt = (t: number) => (c.first_response_at !== null && t >= Number(c.first_response_at) ? 'in_progress' : 'assigned');
    const reason =
      state === 'declined'
        ? 'Bukan kewenangan dinas kami untuk lokasi ini (data demo).'
        : state === 'closed_by_lead'
          ? 'Sudah ditangani langsung oleh dinas penanggung jawab (data demo).'
          : '';
    const visibility = rnd() < 0.7 ? 'public' : 'internal';
    rows.push({
      complaint_id: c.id,
      lead_department_id: lead,
      supporting_department_id: supporting,
      task: TASKS[Math.floor(rnd() * TASKS.length)]!,
      due_at: dueAt,
      state,
      assignee_user_id: acceptedAt !== null ? assignee : null,
      reason,
      note: state === 'done' ? 'Tugas dukungan selesai dikerjakan (data demo).' : '',
      note_visibility: state === 'done' ? visibility : null,
      requested_at: requestedAt,
      requested_by_user_id: c.assignee_user_id,
      accepted_at: acceptedAt,
      accepted_by_user_id: acceptedAt !== null ? manager(supporting) : null,
      ended_at: endedAt,
      ended_by_user_id:
        state === 'done' ? assignee : state === 'declined' ? manager(supporting) : state === 'closed_by_lead' ? manager(lead) : null,
      updated_at: endedAt ?? acceptedAt ?? requestedAt,
      version: endedAt !== null && acceptedAt !== null ? 2 : endedAt !== null || acceptedAt !== null ? 1 : 0,
    });
    const ev = (at: number, action: string, note: string, vis: 'public' | 'internal', actor: number | null) =>
      events.push({
        complaint_id: c.id,
        at,
        actor_user_id: actor,
        actor_kind: 'department',
        action,
        from_state: stateAt(at),
        to_state: stateAt(at),
        note,
        visibility: vis,
        department_id: supporting,
        details: '{}',
      });
    ev(
      requestedAt,
      'support_request',
      String(rows[rows.length - 1]!.task),
      'internal',
      c.assignee_user_id === null ? null : Number(c.assignee_user_id),
    );
    if (acceptedAt !== null)
      ev(acceptedAt, 'support_accept', '', 'public', manager(supporting) === null ? null : Number(manager(supporting)));
    if (state === 'done') ev(endedAt!, 'support_done', 'Tugas dukungan selesai dikerjakan (data demo).', visibility, assignee);
    if (state === 'declined')
      ev(endedAt!, 'support_decline', reason, 'internal', manager(supporting) === null ? null : Number(manager(supporting)));
    if (state === 'closed_by_lead')
      ev(endedAt!, 'support_close', reason, 'internal', manager(lead) === null ? null : Number(manager(lead)));
    result.requests += 1;
    if (state === 'declined') result.declined += 1;
    if (late || (state === 'accepted' && dueAt < o.now)) result.late += 1;
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 400)
      await trx
        .insertInto('support_requests')
        .values(rows.slice(i, i + 400) as never)
        .execute();
    for (let i = 0; i < events.length; i += 600)
      await trx
        .insertInto('complaint_events')
        .values(events.slice(i, i + 600) as never)
        .execute();
  });
  return result;
}
