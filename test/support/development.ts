// A small hand-countable fixture for the development priorities: two DINKES complaints and one tagged
// contribution in 2025, two DINKES officers. Expected figures are worked out in the tests.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { createTestUser } from './users.ts';

export const REPORTER = { name: 'Siti Pelapor Rahasia', email: 'siti.pelapor@example.test', phone: '081299990000' };
const at = (iso: string) => Date.parse(iso);

export async function seedDevelopmentFixture(
  db: Kysely<Database>,
): Promise<{ dinkes: number; pupr: number; contributionId: number; consultationId: number }> {
  const dinkes = Number((await db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id);
  const pupr = Number((await db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id);
  const puskesmas = Number((await db.selectFrom('categories').select('id').where('code', '=', 'puskesmas').executeTakeFirstOrThrow()).id);
  const base = {
    access_key_hash: 'd'.repeat(64),
    category_id: puskesmas,
    description: 'Antrean panjang di puskesmas (uji)',
    kecamatan_code: '16.71.01',
    kelurahan_code: '16.71.01.1001',
    privacy: 'public' as const,
    department_id: dinkes,
    reporter_name: REPORTER.name,
    reporter_email: REPORTER.email,
    reporter_phone: REPORTER.phone,
  };
  // 1: filed 1 Mar 2025, never answered: response (due 10 Mar) and resolution (due 1 Apr) both missed.
  await db
    .insertInto('complaints')
    .values({
      ...base,
      code: 'PLG-25-DEVAA1',
      title: 'Antrean puskesmas (uji 1)',
      state: 'assigned',
      submitted_at: at('2025-03-01T02:00:00Z'),
      verification_due_at: at('2025-03-04T02:00:00Z'),
      assigned_at: at('2025-03-01T03:00:00Z'),
      response_due_at: at('2025-03-10T16:59:59Z'),
      resolution_due_at: at('2025-04-01T16:59:59Z'),
      updated_at: at('2025-03-01T03:00:00Z'),
    })
    .execute();
  // 2: filed 1 May 2025, answered and resolved on time, closed, rated 1.
  const c2 = await db
    .insertInto('complaints')
    .values({
      ...base,
      code: 'PLG-25-DEVAA2',
      title: 'Obat kosong (uji 2)',
      state: 'closed',
      submitted_at: at('2025-05-01T02:00:00Z'),
      verification_due_at: at('2025-05-04T02:00:00Z'),
      assigned_at: at('2025-05-01T03:00:00Z'),
      response_due_at: at('2025-05-09T16:59:59Z'),
      first_response_at: at('2025-05-02T03:00:00Z'),
      resolution_due_at: at('2025-05-20T16:59:59Z'),
      resolved_at: at('2025-05-10T03:00:00Z'),
      closed_at: at('2025-05-25T03:00:00Z'),
      updated_at: at('2025-05-25T03:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('complaint_ratings')
    .values({ complaint_id: c2.id, score: 1, rated_at: at('2025-05-11T03:00:00Z') })
    .execute();
  await createTestUser(db, { role: 'officer', departmentCode: 'DINKES' });
  await createTestUser(db, { role: 'officer', departmentCode: 'DINKES' });
  // One contribution to a DINKES consultation in June 2025, endorsed twice, tagged "komunikasi".
  const author = await createTestUser(db, { role: 'resident', name: 'Budi Warga Penulis' });
  const k = await db
    .insertInto('consultations')
    .values({
      department_id: dinkes,
      title: 'Jam layanan puskesmas (uji)',
      summary: 'Ringkasan uji',
      body: 'Isi uji',
      opens_at: at('2025-06-01T00:00:00Z'),
      closes_at: at('2025-06-30T00:00:00Z'),
      state: 'closed',
      created_at: at('2025-06-01T00:00:00Z'),
      updated_at: at('2025-06-30T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const x = await db
    .insertInto('contributions')
    .values({
      consultation_id: k.id,
      author_user_id: author.id,
      body: 'Petugas perlu menjelaskan jadwal dengan jelas.',
      endorsement_count: 2,
      created_at: at('2025-06-10T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const komunikasi = (await db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow()).id;
  await db
    .insertInto('contribution_competencies')
    .values({ contribution_id: x.id, competency_id: komunikasi, tagged_by: null, created_at: at('2025-06-11T00:00:00Z') })
    .execute();
  return { dinkes, pupr, contributionId: Number(x.id), consultationId: Number(k.id) };
}
