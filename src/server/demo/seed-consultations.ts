// seed-demo's consultations: two per department over the year, with contributions from demo residents,
// official responses (more and faster in the faster departments) and commitments for concluded ones.
import type { Db } from '../db/index.ts';
import { hashPassword } from '../auth/password.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { DEMO_PASSWORD, type DemoUser } from './seed-users.ts';
import { mulberry32 } from './random.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const AFFILIATIONS = ['akademisi', 'praktisi', 'masyarakat', 'ormas_lsm', 'dunia_usaha', 'media'] as const;
const STANCES = ['setuju', 'netral', 'tidak_setuju'] as const;

/** Two consultations per department (one concluded with commitments, one open or closed). */
export async function seedConsultations(
  db: Db,
  depts: { id: number; code: string }[],
  profileOf: Map<number, { response: number; resolution: number }>,
  users: DemoUser[],
  rnd: () => number,
  now: number,
  _calendar: WorkingCalendar,
): Promise<{ consultations: number; contributions: number }> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const residents: number[] = [];
  for (let i = 1; i <= 12; i++) {
    const email = `warga${i}@demo.suarawarga.invalid`;
    const found = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (found) residents.push(Number(found.id));
    else {
      const affiliation = i <= 6 ? AFFILIATIONS[i - 1]! : null;
      const row = await db
        .insertInto('users')
        .values({
          email,
          password_hash: hash,
          name: `Warga Demo ${i}`,
          phone: null,
          role: 'resident',
          department_id: null,
          nip: null,
          jabatan: null,
          affiliation,
          organisation: affiliation ? `Organisasi Demo ${i}` : null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      residents.push(Number(row.id));
    }
  }
  let consultations = 0;
  let contributions = 0;
  // Staff tags and residents' endorsements come from their own generator, so changing them leaves the
  // rest of the demo (drawn from the main one) the same. Tags are drawn from the competencies the department's
  // categories map to, so the development priorities show consultation evidence.
  const tagRnd = mulberry32(0x5eed7a6);
  const mapped = await db
    .selectFrom('category_competencies as m')
    .innerJoin('categories as c', 'c.id', 'm.category_id')
    .select(['c.department_id', 'm.competency_id'])
    .execute();
  const competenciesOf = new Map<number, number[]>();
  for (const m of mapped) {
    if (m.department_id === null) continue;
    const list = competenciesOf.get(Number(m.department_id)) ?? [];
    if (!list.includes(Number(m.competency_id))) list.push(Number(m.competency_id));
    competenciesOf.set(Number(m.department_id), list);
  }
  await db.transaction().execute(async (trx) => {
    for (const d of depts) {
      const deptCompetencies = competenciesOf.get(d.id) ?? [];
      const p = profileOf.get(d.id)!;
      const officer = users.find((u) => u.departmentId === d.id && u.role === 'officer');
      for (let k = 0; k < 2; k++) {
        const opens = Math.round(now - (k === 0 ? 300 : 60 + rnd() * 40) * DAY);
        const closes = opens + 30 * DAY;
        const concluded = k === 0;
        const state = concluded ? 'concluded' : closes < now ? 'closed' : 'open';
        const c = await trx
          .insertInto('consultations')
          .values({
            department_id: d.id,
            title: `Konsultasi publik ${d.code} ${k + 1} (data demo)`,
            summary: 'Rancangan program untuk dibahas bersama warga (data demo).',
            body: 'Kami meminta masukan warga tentang rancangan ini. Data sintetis dari seed-demo.',
            opens_at: opens,
            closes_at: closes,
            state,
            outcome_summary: concluded ? 'Yang kami dengar: ringkasan masukan warga (data demo).' : null,
            created_by: null,
            published_at: opens,
            closed_at: state === 'open' ? null : closes,
            concluded_at: concluded ? closes + 10 * DAY : null,
            created_at: opens,
            updated_at: Math.min(now, closes + 10 * DAY),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        consultations++;
        const n = 10 + Math.floor(rnd() * 30);
        for (let i = 0; i < n; i++) {
          const at = Math.round(opens + rnd() * Math.min(30 * DAY, now - opens - HOUR));
          const author = residents[Math.floor(rnd() * residents.length)]!;
          const row = await trx
            .insertInto('contributions')
            .values({
              consultation_id: c.id,
              author_user_id: author,
              body: `Masukan warga nomor ${i + 1} (data demo).`,
              stance: STANCES[Math.floor(rnd() * 3)]!,
              created_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          contributions++;
          await tagAndEndorse(trx, row.id, at, author, residents, deptCompetencies, tagRnd, now, officer?.id ?? null);
          // Faster departments answer more of the contributions, and sooner.
          if (officer && rnd() < Math.max(0.3, 1 - p.response / 8)) {
            const answered = Math.round(at + (0.3 + rnd() * p.response * 2) * DAY * 1.4);
            if (answered < now)
              await trx
                .insertInto('official_responses')
                .values({
                  contribution_id: row.id,
                  department_id: d.id,
                  author_user_id: officer.id,
                  body: 'Terima kasih, masukan ini kami catat (data demo).',
                  created_at: answered,
                })
                .execute();
          }
        }
        if (concluded) {
          for (let i = 0; i < 3; i++) {
            const status = (['selesai', 'berjalan', 'direncanakan'] as const)[Math.floor(rnd() * (p.resolution > 20 ? 3 : 2))]!;
            const at = closes + 10 * DAY;
            await trx
              .insertInto('consultation_commitments')
              .values({
                consultation_id: c.id,
                position: i + 1,
                text: `Komitmen ${i + 1} (data demo)`,
                owner: d.code,
                due_date: new Date(at + 120 * DAY).toISOString().slice(0, 10),
                status,
                progress: status === 'selesai' ? 100 : status === 'berjalan' ? 50 : 0,
                created_at: at,
                updated_at: at,
              })
              .execute();
          }
        }
      }
    }
  });
  return { consultations, contributions };
}

/** About two thirds of the contributions get one or two competency tags; endorsements by up to four other residents. */
async function tagAndEndorse(
  trx: Db,
  contributionId: number,
  at: number,
  author: number,
  residents: number[],
  competencies: number[],
  rnd: () => number,
  now: number,
  taggedBy: number | null,
): Promise<void> {
  const endorsers = residents.filter((r) => r !== author && rnd() < 0.25).slice(0, 4);
  for (const user_id of endorsers) {
    await trx
      .insertInto('contribution_endorsements')
      .values({ contribution_id: contributionId, user_id, created_at: Math.min(now, at + HOUR) })
      .execute();
  }
  if (endorsers.length)
    await trx.updateTable('contributions').set({ endorsement_count: endorsers.length }).where('id', '=', contributionId).execute();
  if (competencies.length === 0 || rnd() >= 0.65) return;
  const first = competencies[Math.floor(rnd() * competencies.length)]!;
  const second = rnd() < 0.3 ? competencies[Math.floor(rnd() * competencies.length)]! : first;
  for (const competency_id of new Set([first, second])) {
    await trx
      .insertInto('contribution_competencies')
      .values({ contribution_id: contributionId, competency_id, tagged_by: taggedBy, created_at: Math.min(now, at + 2 * HOUR) })
      .execute();
  }
}
