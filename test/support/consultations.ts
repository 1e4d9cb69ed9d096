// Helpers for consultation tests: session users for service calls and a published consultation.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { createTestUser, type NewTestUser } from './users.ts';
import { createConsultation, publishConsultation } from '../../src/server/consultations/consultations.service.ts';

export async function sessionUser(db: Kysely<Database>, u: NewTestUser = {}): Promise<SessionUser> {
  const created = await createTestUser(db, u);
  const row = await db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    departmentId: row.department_id,
    nip: row.nip,
    affiliation: row.affiliation,
    affiliationVerified: Number(row.affiliation_verified) === 1,
    locale: row.locale,
  };
}

export async function verifyAffiliation(db: Kysely<Database>, user: SessionUser): Promise<SessionUser> {
  await db.updateTable('users').set({ affiliation_verified: 1 }).where('id', '=', user.id).execute();
  return { ...user, affiliationVerified: true };
}

const DAY = 86_400_000;

/** A consultation of the staff member's department, published, open from `now - 1 day` for `days` days. */
export async function openConsultation(
  db: Kysely<Database>,
  staff: SessionUser,
  now: Date,
  opts: { title?: string; questions?: string[]; days?: number; body?: string } = {},
): Promise<number> {
  const id = await createConsultation(
    db,
    { actor: staff, now },
    {
      departmentId: staff.departmentId!,
      title: opts.title ?? 'Rancangan rute angkutan kota baru',
      summary: 'Dinas meminta masukan atas rancangan rute angkutan kota.',
      body: opts.body ?? '## Latar belakang\n\nRute baru akan melayani **tiga kecamatan**.',
      questions: opts.questions ?? ['Apakah rute ini melayani kebutuhan Anda?', 'Jam operasi yang Anda usulkan?'],
      targetGroups: ['masyarakat', 'akademisi'],
      opensAt: new Date(now.getTime() - DAY),
      closesAt: new Date(now.getTime() + (opts.days ?? 14) * DAY),
    },
  );
  await publishConsultation(db, { actor: staff, now }, id);
  return id;
}
