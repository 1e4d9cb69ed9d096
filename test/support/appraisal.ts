// A small appraisal fixture written straight into the database: in the second half of 2026, PUPR officer
// Alfa handles 12 complaints carefully (answered after a day, resolved after four, rated), PUPR officer
// Beta closes 12 within two minutes of assignment, DINKES officer Gama has three. Reporter identities are
// typed into the texts so tests can check the evidence never shows them.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { createTestUser, sessionCookie } from './users.ts';

export const PERIOD = '2026-S2';
export const NOW = new Date(Date.UTC(2026, 10, 30, 12));
export const REPORTER = { name: 'Siti Rahayu', email: 'siti.rahayu@example.id', phone: '081234567890' };
const DAY = 86_400_000;
const MIN = 60_000;
let seq = 0;

export interface AppraisalFixture {
  alfa: { id: number; nip: string };
  beta: { id: number; nip: string };
  gama: { id: number; nip: string };
  managerPupr: number;
  managerDinkes: number;
  hr: number;
  codes: string[];
}

async function complaint(
  db: Kysely<Database>,
  o: {
    officer: number;
    dept: number;
    category: number;
    assignedAt: number;
    respondAfter: number;
    resolveAfter: number;
    rating: number | null;
    privacy?: 'public' | 'confidential';
  },
) {
  seq++;
  const code = `APR-26-${String(seq).padStart(6, '0')}`;
  const respondedAt = o.assignedAt + o.respondAfter;
  const resolvedAt = o.assignedAt + o.resolveAfter;
  const row = await db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: o.category,
      title: `Genangan air ${seq}`,
      description: `Saya ${REPORTER.name}, telp ${REPORTER.phone}, email ${REPORTER.email}: jalan depan rumah tergenang setiap hujan (${seq}).`,
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: o.privacy ?? 'public',
      state: 'closed',
      department_id: o.dept,
      assignee_user_id: o.officer,
      reporter_name: REPORTER.name,
      reporter_email: REPORTER.email,
      reporter_phone: REPORTER.phone,
      submitted_at: o.assignedAt - DAY,
      verification_due_at: o.assignedAt + DAY,
      assigned_at: o.assignedAt,
      response_due_at: o.assignedAt + 5 * DAY,
      resolution_due_at: o.assignedAt + 14 * DAY,
      first_response_at: respondedAt,
      resolved_at: resolvedAt,
      first_resolved_at: resolvedAt,
      closed_at: resolvedAt + DAY,
      updated_at: resolvedAt + DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('complaint_events')
    .values([
      {
        complaint_id: row.id,
        at: respondedAt,
        actor_user_id: o.officer,
        actor_kind: 'department',
        action: 'respond',
        from_state: 'assigned',
        to_state: 'in_progress',
        note: `Terima kasih Ibu ${REPORTER.name}, petugas kami cek lokasi besok.`,
        visibility: 'public',
        department_id: o.dept,
      },
      {
        complaint_id: row.id,
        at: resolvedAt,
        actor_user_id: o.officer,
        actor_kind: 'department',
        action: 'resolve',
        from_state: 'in_progress',
        to_state: 'resolved',
        note: 'Saluran sudah dibersihkan.',
        visibility: 'public',
        department_id: o.dept,
      },
    ])
    .execute();
  if (o.rating !== null)
    await db
      .insertInto('complaint_ratings')
      .values({ complaint_id: row.id, score: o.rating, rated_at: resolvedAt + DAY })
      .execute();
  return code;
}

export async function seedAppraisalFixture(db: Kysely<Database>): Promise<AppraisalFixture> {
  const dept = async (code: string) =>
    (await db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const cat = async (code: string) =>
    (await db.selectFrom('categories').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const [pupr, dinkes, drainase, puskesmas] = [await dept('PUPR'), await dept('DINKES'), await cat('drainase'), await cat('puskesmas')];
  const u = Date.now() % 1_000_000;
  const nip = (n: number) => `19900101202001${String((u + n) % 10_000).padStart(4, '0')}`;
  const alfa = await createTestUser(db, { role: 'officer', departmentCode: 'PUPR', nip: nip(1), name: 'Petugas Alfa' });
  const beta = await createTestUser(db, { role: 'officer', departmentCode: 'PUPR', nip: nip(2), name: 'Petugas Beta' });
  const gama = await createTestUser(db, { role: 'officer', departmentCode: 'DINKES', nip: nip(3), name: 'Petugas Gama' });
  const managerPupr = (await createTestUser(db, { role: 'manager', departmentCode: 'PUPR' })).id;
  const managerDinkes = (await createTestUser(db, { role: 'manager', departmentCode: 'DINKES' })).id;
  const hr = (await createTestUser(db, { role: 'hr' })).id;
  const base = Date.UTC(2026, 7, 3, 2);
  const codes: string[] = [];
  for (let i = 0; i < 12; i++)
    codes.push(
      await complaint(db, {
        officer: alfa.id,
        dept: pupr,
        category: drainase,
        assignedAt: base + i * 7 * DAY,
        respondAfter: DAY,
        resolveAfter: 4 * DAY,
        rating: i % 3 ? 5 : 4,
      }),
    );
  // One confidential complaint of Alfa: counted in the figures, never shown as an example.
  codes.push(
    await complaint(db, {
      officer: alfa.id,
      dept: pupr,
      category: drainase,
      assignedAt: base + 3 * DAY,
      respondAfter: DAY,
      resolveAfter: 3 * DAY,
      rating: 5,
      privacy: 'confidential',
    }),
  );
  for (let i = 0; i < 12; i++)
    codes.push(
      await complaint(db, {
        officer: beta.id,
        dept: pupr,
        category: drainase,
        assignedAt: base + i * 7 * DAY + DAY,
        respondAfter: MIN,
        resolveAfter: 2 * MIN,
        rating: null,
      }),
    );
  for (let i = 0; i < 3; i++)
    codes.push(
      await complaint(db, {
        officer: gama.id,
        dept: dinkes,
        category: puskesmas,
        assignedAt: base + i * 7 * DAY,
        respondAfter: DAY,
        resolveAfter: 2 * DAY,
        rating: 3,
      }),
    );
  return {
    alfa: { id: alfa.id, nip: nip(1) },
    beta: { id: beta.id, nip: nip(2) },
    gama: { id: gama.id, nip: nip(3) },
    managerPupr,
    managerDinkes,
    hr,
    codes,
  };
}

export { sessionCookie };
