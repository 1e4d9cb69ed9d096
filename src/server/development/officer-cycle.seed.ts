// Demo data for the officers' part of the development cycle (seed-demo): a draft plan for next year in a
// few departments (where none exists), officers' proposals of training needs and their comments on the
// draft, so /me/training, the plan editor and the priorities page show them at once. Synthetic, fast.
import type { Db } from '../db/index.ts';

const PROPOSALS: [code: string, reason: string, jalur: 'klasikal' | 'nonklasikal' | null][] = [
  [
    'pelayanan_publik',
    'Saya sering menangani pengaduan yang berulang; saya perlu cara menjelaskan prosedur dengan jelas (data demo).',
    'klasikal',
  ],
  [
    'komunikasi',
    'Tanggapan saya kepada pelapor sering dianggap kurang jelas; saya ingin belajar menulis tanggapan yang baik (data demo).',
    'nonklasikal',
  ],
  ['teknologi_informasi', 'Saya perlu memakai aplikasi pelaporan dan lembar kerja untuk rekap bulanan (data demo).', null],
  [
    'manajemen_waktu',
    'Banyak tindak lanjut terlambat karena antrean tugas; saya ingin belajar mengatur prioritas (data demo).',
    'nonklasikal',
  ],
];

const COMMENTS = [
  'Mohon jadwal bimbingan teknis tidak bertepatan dengan akhir bulan karena beban laporan (data demo).',
  'Usul e-learning dibuka untuk semua petugas lapangan, tidak hanya staf kantor (data demo).',
];

export async function seedOfficerCycle(
  db: Db,
  opts: { now: Date; departments?: number },
): Promise<{ plans: number; proposals: number; comments: number }> {
  const now = opts.now.getTime();
  const year = opts.now.getUTCFullYear() + 1;
  const competencies = new Map(
    (await db.selectFrom('competencies').select(['id', 'code', 'kind']).where('active', '=', 1).execute()).map((c) => [
      c.code,
      { id: Number(c.id), kind: c.kind },
    ]),
  );
  const depts = (
    await db
      .selectFrom('departments')
      .select(['id', 'short_name'])
      .where('active', '=', 1)
      .orderBy('id')
      .limit(opts.departments ?? 3)
      .execute()
  ).map((d) => ({ id: Number(d.id), short: d.short_name }));
  let plans = 0;
  let proposals = 0;
  let comments = 0;
  await db.transaction().execute(async (trx) => {
    for (const [k, d] of depts.entries()) {
      const officers = (
        await trx
          .selectFrom('users')
          .select('id')
          .where('department_id', '=', d.id)
          .where('role', '=', 'officer')
          .where('disabled_at', 'is', null)
          .orderBy('id')
          .execute()
      ).map((u) => Number(u.id));
      if (officers.length === 0) continue;
      const staff = Number(
        (
          await trx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('department_id', '=', d.id)
            .where('role', 'in', ['officer', 'manager'])
            .executeTakeFirstOrThrow()
        ).n,
      );
      const inserted = await trx
        .insertInto('training_plans')
        .values({
          department_id: d.id,
          year,
          officer_count: staff,
          basis: 'Rancangan demo (seed-demo)',
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['department_id', 'year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        plans++;
        // Two items for everyone, 12 + 8 JP: a draft that meets the 20 JP per PNS.
        for (const [pos, [code, jp, jalur, bentuk]] of (
          [
            ['pelayanan_publik', 12, 'klasikal', 'bimbingan_teknis'],
            ['komunikasi', 8, 'nonklasikal', 'e_learning'],
          ] as const
        ).entries()) {
          const c = competencies.get(code);
          if (!c) continue;
          await trx
            .insertInto('training_plan_items')
            .values({
              plan_id: inserted.id,
              position: pos + 1,
              competency_id: c.id,
              kind: c.kind,
              target: `Seluruh PNS ${d.short}`,
              target_count: Math.max(1, staff),
              jalur,
              bentuk,
              jp,
              target_group_id: null,
              updated_at: now,
            })
            .execute();
        }
      }
      const plan = await trx
        .selectFrom('training_plans')
        .select(['id', 'status'])
        .where('department_id', '=', d.id)
        .where('year', '=', year)
        .executeTakeFirstOrThrow();
      const already = await trx
        .selectFrom('training_proposals')
        .select('id')
        .where('department_id', '=', d.id)
        .where('year', '=', year)
        .executeTakeFirst();
      if (already) continue;
      for (const [i, userId] of officers.entries()) {
        const [code, reason, jalur] = PROPOSALS[(i + k) % PROPOSALS.length]!;
        const c = competencies.get(code);
        if (!c) continue;
        await trx
          .insertInto('training_proposals')
          .values({
            user_id: userId,
            department_id: d.id,
            year,
            competency_id: c.id,
            reason,
            jalur,
            created_at: now - (i + 1) * 86_400_000,
          })
          .execute();
        proposals++;
      }
      if (plan.status === 'draft') {
        for (const [i, body] of COMMENTS.entries()) {
          await trx
            .insertInto('training_plan_comments')
            .values({
              plan_id: plan.id,
              user_id: officers[i % officers.length]!,
              body,
              created_at: now - (COMMENTS.length - i) * 3_600_000,
            })
            .execute();
          comments++;
        }
      }
    }
  });
  return { plans, proposals, comments };
}
