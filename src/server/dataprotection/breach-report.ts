// Breach readiness: from the audit log, whose personal data was viewed or exported in a time window,
// grouped by data subject, so the people affected can be told within 3 × 24 hours (UU PDP art. 46).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Audit actions that mean someone's personal data was shown or handed out. */
export const PERSONAL_DATA_ACTIONS = [
  'complaint.contact_viewed',
  'user.viewed',
  'dataprotection.exported',
  'consultation.exported',
  // Appraisal evidence is personal data of the officers it describes (viewed one by one, as a
  // department list, or exported).
  'appraisal.viewed',
  'appraisal.exported',
] as const;

/** The officers an appraisal audit row is about: the one in the object id, or the ids in its details. */
export function appraisalSubjects(row: { object_type: string | null; object_id: string | null; details: string | null }): number[] {
  if (row.object_type === 'appraisal_evidence') {
    const id = Number((row.object_id ?? '').split(':')[0]);
    return Number.isInteger(id) && id > 0 ? [id] : [];
  }
  let details: { officer_ids?: unknown } = {};
  try {
    details = JSON.parse(row.details ?? '{}');
  } catch {
    return [];
  }
  return String(details.officer_ids ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export interface AffectedSubject {
  subject: string;
  userId: number | null;
  email: string | null;
  complaints: string[];
  accesses: number;
  actions: string[];
  actorUserIds: number[];
  firstAt: string;
  lastAt: string;
}

export async function breachReport(db: Kysely<Database>, from: Date, to: Date): Promise<AffectedSubject[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'actor_user_id', 'action', 'object_type', 'object_id', 'details'])
    .where('at', '>=', from.getTime())
    .where('at', '<', to.getTime())
    .where('action', 'in', [...PERSONAL_DATA_ACTIONS])
    .orderBy('at')
    .execute();
  const codes = [...new Set(rows.filter((r) => r.object_type === 'complaint' && r.object_id).map((r) => r.object_id!))];
  const complaints = codes.length
    ? await db
        .selectFrom('complaints as c')
        .leftJoin('users as u', 'u.id', 'c.reporter_user_id')
        .select(['c.code', 'c.reporter_user_id', 'c.reporter_email', 'u.email as user_email'])
        .where('c.code', 'in', codes)
        .execute()
    : [];
  const byCode = new Map(complaints.map((c) => [c.code, c]));
  // An exported consultation affects every contributor to it.
  const consultationIds = [...new Set(rows.filter((r) => r.object_type === 'consultation' && r.object_id).map((r) => Number(r.object_id)))];
  const contributors = consultationIds.length
    ? await db
        .selectFrom('contributions as c')
        .innerJoin('users as u', 'u.id', 'c.author_user_id')
        .select(['c.consultation_id', 'u.id', 'u.email'])
        .distinct()
        .where('c.consultation_id', 'in', consultationIds)
        .execute()
    : [];
  // An appraisal view or export affects every officer whose evidence it showed.
  const expanded = rows.flatMap((r) =>
    r.object_type === 'consultation'
      ? contributors
          .filter((c) => String(c.consultation_id) === r.object_id)
          .map((c) => ({ ...r, object_type: 'user', object_id: String(c.id) }))
      : r.action.startsWith('appraisal.')
        ? appraisalSubjects(r).map((id) => ({ ...r, object_type: 'user', object_id: String(id) }))
        : [r],
  );
  const userIds = [...new Set(expanded.filter((r) => r.object_type === 'user' && r.object_id).map((r) => Number(r.object_id)))];
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute() : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));

  const groups = new Map<string, AffectedSubject>();
  for (const r of expanded) {
    let key: string;
    let userId: number | null = null;
    let email: string | null = null;
    let code: string | null = null;
    if (r.object_type === 'complaint') {
      const c = byCode.get(r.object_id ?? '');
      code = r.object_id;
      userId = c?.reporter_user_id ?? null;
      email = c?.user_email ?? c?.reporter_email ?? null;
      key = userId !== null ? `user:${userId}` : email ? `email:${email.toLowerCase()}` : `complaint:${code}`;
    } else if (r.object_type === 'user') {
      userId = Number(r.object_id);
      email = emailOf.get(userId) ?? null;
      key = `user:${userId}`;
    } else {
      key = `${r.object_type}:${r.object_id ?? ''}`;
    }
    const at = new Date(Number(r.at)).toISOString();
    const g = groups.get(key) ?? {
      subject: key,
      userId,
      email,
      complaints: [],
      accesses: 0,
      actions: [],
      actorUserIds: [],
      firstAt: at,
      lastAt: at,
    };
    g.accesses += 1;
    g.lastAt = at;
    if (code && !g.complaints.includes(code)) g.complaints.push(code);
    if (!g.actions.includes(r.action)) g.actions.push(r.action);
    if (r.actor_user_id !== null && !g.actorUserIds.includes(r.actor_user_id)) g.actorUserIds.push(r.actor_user_id);
    g.email ??= email;
    groups.set(key, g);
  }
  return [...groups.values()];
}
