// Demo trainings (seed-demo): a year of kegiatan pengembangan kompetensi from the demo plans' items
// (final plans first, any plan otherwise, the competency catalogue when there is no plan), so the
// trainings pages and the JP exports show something at once: per department some completed trainings
// with participants, attendance, completion and certificate numbers, one running, one planned, and
// one cancelled with a reason. Not every officer completes everything: some stay below 20 JP.
// Synthetic data; the JP figures are examples, not claims about real trainings.
import type { Db } from '../db/index.ts';
import { BENTUK } from './development.tables.ts';
import { trainingDays } from './trainings.policy.ts';
import type { CompetencyKind } from '../consultations/consultations.tables.ts';
import type { Jalur } from './development.tables.ts';

const DAY = 86_400_000;
const PROVIDERS = [
  'BPSDM Provinsi',
  'Lembaga Administrasi Negara (LAN)',
  'Perangkat daerah sendiri',
  'LMS pemerintah daerah',
  'Universitas negeri setempat',
];

interface Source {
  planItemId: number | null;
  competencyId: number | null;
  name: string;
  kind: CompetencyKind;
  jalur: Jalur;
  bentuk: string;
  jp: number;
}

export interface TrainingSeedResult {
  trainings: number;
  participants: number;
}

export async function seedTrainings(db: Db, opts: { now: Date; departmentIds?: number[] }): Promise<TrainingSeedResult> {
  const now = opts.now.getTime();
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  const depts = (await db.selectFrom('departments').select(['id', 'short_name']).where('active', '=', 1).orderBy('id').execute())
    .map((d) => ({ id: Number(d.id), short: d.short_name }))
    .filter((d) => !opts.departmentIds || opts.departmentIds.includes(d.id));
  const competencies = (
    await db.selectFrom('competencies').select(['id', 'name_id', 'kind']).where('active', '=', 1).orderBy('id').execute()
  ).map((c) => ({ id: Number(c.id), name: c.name_id, kind: c.kind }));
  let trainings = 0;
  let participants = 0;
  for (const [di, d] of depts.entries()) {
    const officers = (
      await db
        .selectFrom('users')
        .select(['id', 'name', 'nip'])
        .where('department_id', '=', d.id)
        .where('role', '=', 'officer')
        .where('nip', 'is not', null)
        .where('disabled_at', 'is', null)
        .orderBy('id')
        .execute()
    ).map((u) => ({ id: Number(u.id), name: u.name, nip: u.nip! }));
    if (officers.length === 0) continue;
    const items = await db
      .selectFrom('training_plan_items as i')
      .innerJoin('training_plans as p', 'p.id', 'i.plan_id')
      .leftJoin('competencies as c', 'c.id', 'i.competency_id')
      .select(['i.id', 'i.competency_id', 'c.name_id', 'i.kind', 'i.jalur', 'i.bentuk', 'i.jp', 'p.status'])
      .where('p.department_id', '=', d.id)
      .orderBy('p.status', 'desc')
      .orderBy('p.year', 'desc')
      .orderBy('i.position')
      .execute();
    const sources: Source[] = items.map((i) => ({
      planItemId: Number(i.id),
      competencyId: i.competency_id === null ? null : Number(i.competency_id),
      name: i.name_id ?? 'Pelayanan publik',
      kind: i.kind,
      jalur: i.jalur,
      bentuk: i.bentuk,
      jp: Math.min(Number(i.jp), 24),
    }));
    for (let k = 0; sources.length < 5 && competencies.length > 0; k++) {
      const c = competencies[(di * 3 + k) % competencies.length]!;
      const jalur: Jalur = k % 3 === 2 ? 'nonklasikal' : 'klasikal';
      sources.push({
        planItemId: null,
        competencyId: c.id,
        name: c.name,
        kind: c.kind,
        jalur,
        bentuk: BENTUK[jalur][k % 2]!,
        jp: [16, 8, 12, 10, 6][k % 5]!,
      });
    }
    // Plan items only when their plan is final (a training comes from a final plan); otherwise ad hoc.
    const finalIds = new Set(items.filter((i) => i.status === 'final').map((i) => Number(i.id)));
    // [source index, days from now to the start, length in days, state]
    const schedule: [number, number, number, 'completed' | 'running' | 'planned' | 'cancelled'][] = [
      [0, -120, 2, 'completed'],
      [1, -60, 1, 'completed'],
      [2, -1, 3, 'running'],
      [3, 30, 2, 'planned'],
      [4, 14, 1, 'cancelled'],
    ];
    for (const [si, offset, length, state] of schedule) {
      const s = sources[si % sources.length]!;
      const start = now + offset * DAY;
      const startsOn = iso(start);
      const endsOn = iso(start + (length - 1) * DAY);
      const bentukName = s.bentuk.replace(/_/g, ' ');
      const title = `${bentukName.charAt(0).toUpperCase()}${bentukName.slice(1)} ${s.name} ${d.short}`.slice(0, 200);
      const t = await db
        .insertInto('trainings')
        .values({
          department_id: d.id,
          plan_item_id: s.planItemId !== null && finalIds.has(s.planItemId) ? s.planItemId : null,
          year: Number(startsOn.slice(0, 4)),
          title,
          competency_id: s.competencyId,
          kind: s.kind,
          jalur: s.jalur,
          bentuk: s.bentuk,
          provider: PROVIDERS[(di + si) % PROVIDERS.length]!,
          starts_on: startsOn,
          ends_on: endsOn,
          jp: s.jp,
          place: s.jalur === 'nonklasikal' ? 'https://lms.example.go.id' : `Aula ${d.short}`,
          capacity: Math.max(officers.length + 5, 10),
          state,
          cancel_reason: state === 'cancelled' ? 'Narasumber berhalangan; dijadwalkan ulang pada triwulan berikutnya.' : '',
          created_by: null,
          created_at: start - 30 * DAY,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      trainings++;
      if (state === 'cancelled') continue;
      const days = trainingDays(startsOn, endsOn);
      // The first training takes everyone, the second every other officer; the last officer misses both (below 20 JP).
      const who = officers.filter((_, i) =>
        si === 0 ? i < officers.length - 1 : si === 1 ? i % 2 === 0 && i < officers.length - 1 : true,
      );
      for (const [oi, o] of who.entries()) {
        const completed = state === 'completed' && oi !== 1;
        const p = await db
          .insertInto('training_participants')
          .values({
            training_id: Number(t.id),
            user_id: o.id,
            nip: o.nip,
            name: o.name,
            department_id: d.id,
            status: completed ? 'completed' : 'enrolled',
            completed_at: completed ? start + length * DAY : null,
            jp_credited: completed ? s.jp : 0,
            certificate_no: completed ? `STTPP/${startsOn.slice(0, 4)}/${Number(t.id)}/${String(oi + 1).padStart(3, '0')}` : '',
            created_at: start - 7 * DAY,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        participants++;
        const recorded = state === 'completed' ? days : state === 'running' ? days.filter((x) => x <= iso(now)) : [];
        if (recorded.length > 0) {
          await db
            .insertInto('training_attendance')
            .values(
              recorded.map((day, j) => ({
                participant_id: Number(p.id),
                day,
                present: (completed || (oi + j) % 2 === 0 ? 1 : 0) as 0 | 1,
                recorded_by: null,
                recorded_at: Math.min(now, Date.parse(`${day}T10:00:00Z`)),
              })),
            )
            .execute();
        }
      }
    }
  }
  return { trainings, participants };
}
