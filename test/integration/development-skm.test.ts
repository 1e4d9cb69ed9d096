// The SKM as evidence in the development priorities, on the hand-countable development fixture: a
// representative DINKES SKM with a weak "kompetensi pelaksana" unsur raises pelayanan_publik's gap score
// by 100 · (76,61 − 60,00) / 51,61 = 32,18 and the page shows that weight; a PUPR SKM under its
// minimum sample is shown as "belum representatif" and weighs nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDevelopmentFixture } from '../support/development.ts';
import { getPage } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { computePriorities } from '../../src/server/development/priorities.ts';
import { makePeriod } from '../../src/server/metrics/period.ts';
import { createSkmSurvey } from '../../src/server/surveys/skm.service.ts';
import { SKM_UNSUR, type UnsurCode } from '../../src/server/surveys/skm-reference.ts';
import { listQuestions } from '../../src/server/surveys/surveys.repository.ts';

let db: TestDb;
let server: RunningServer;
let hrCookie: string;
let dinkes: number;
let pupr: number;
const NOW = new Date('2026-03-10T03:00:00Z');
const PERIOD = makePeriod('year', '2025-01-01', '2025-12-31', 'Asia/Jakarta');
const RANKING = '/reports/development?period=year&at=2025-01-01';

/** An SKM of 2025-S1 with the given answers (nilai persepsi 1..4 per unsur, 4 where not given). */
async function seedSkm(
  departmentCode: string,
  departmentId: number,
  population: number,
  answers: Partial<Record<UnsurCode, number>>[],
): Promise<void> {
  const m = await createTestUser(db.db, { role: 'manager', departmentCode });
  const actor: SessionUser = {
    id: m.id,
    email: m.email,
    name: 'Manajer',
    role: 'manager',
    departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  };
  const created = await createSkmSurvey(
    db.db,
    { actor, now: NOW },
    { departmentId, departmentName: departmentCode, period: '2025-S1', population },
  );
  if (!created.ok) throw new Error(created.error);
  await db.db
    .updateTable('surveys')
    .set({ state: 'closed', opens_on: '2025-01-01', closes_on: '2025-06-30' })
    .where('id', '=', created.value)
    .execute();
  const qs = await listQuestions(db.db, created.value);
  for (const a of answers) {
    const r = await db.db
      .insertInto('survey_responses')
      .values({ survey_id: created.value, submitted_on: '2025-03-01', form_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.db
      .insertInto('survey_answers')
      .values(
        SKM_UNSUR.map((u) => ({
          response_id: Number(r.id),
          question_id: qs.find((q) => q.code === u.code)!.id,
          value: u.answers.id[(a[u.code] ?? 4) - 1]!,
        })),
      )
      .execute();
  }
}

const scoreOf = async (departmentId: number, code: string) => {
  const d = await db.db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name'])
    .where('id', '=', departmentId)
    .executeTakeFirstOrThrow();
  const p = await computePriorities(db.db, { ...d, id: Number(d.id) }, PERIOD, NOW);
  return { p, r: p.ranked.find((x) => x.competency.code === code) };
};

beforeAll(async () => {
  db = await createTestDb();
  ({ dinkes, pupr } = await seedDevelopmentFixture(db.db));
  server = await startServer({ DATABASE_URL: db.url });
  hrCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`SKM evidence in the development priorities (${dialectName})`, () => {
  it('raises the matching competency of a department with a weak kompetensi pelaksana unsur, and shows the weight', async () => {
    const before = await scoreOf(dinkes, 'pelayanan_publik');
    const komunikasiBefore = (await scoreOf(dinkes, 'komunikasi')).r!.score;
    expect(before.p.skm).toBeNull();
    expect(before.r!.skmPart).toBe(0);
    // Population 10 → minimum sample 10 (Krejcie–Morgan); 10 respondents. U6: six "Kurang kompeten" (2) and
    // four "Kompeten" (3) → NRR 2,4 → 60,00 (D); every other unsur 4 → 100 (A).
    await seedSkm('DINKES', dinkes, 10, [...Array(6).fill({ U6: 2 }), ...Array(4).fill({ U6: 3 })]);
    const after = await scoreOf(dinkes, 'pelayanan_publik');
    expect(after.p.skm).toMatchObject({ n: 10, minimum: 10, representative: true, counted: true });
    expect(after.r!.skmPart).toBeCloseTo((100 * 16.61) / 51.61, 6);
    expect(after.r!.score).toBeCloseTo(before.r!.score + 32.1837, 3);
    expect(after.r!.score).toBeGreaterThan(before.r!.score);
    // U7 (perilaku pelaksana) is at 100: komunikasi keeps its score.
    expect((await scoreOf(dinkes, 'komunikasi')).r!.score).toBeCloseTo(komunikasiBefore, 9);

    const page = await getPage(server.url, `${RANKING}&department=DINKES`, { cookie: hrCookie });
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-counted="true"');
    expect(page.html).toContain('Bagian SKM');
    expect(page.html).toContain('data-skm-part="32.18"');
    expect(page.html).toContain(`data-score="${Math.round(after.r!.score * 100) / 100}"`);
    expect(page.html).toMatch(
      /unsur U6 Kompetensi pelaksana bernilai 60,00 \(D\), di bawah batas mutu B 76,61: \+32,18 \(bobot w_skm = 1\)/,
    );
    expect(page.html).toContain('href="/statistics/skm#skm-DINKES"');
    // The ranking export carries the SKM part (last column) and the SKM status in its header rows.
    const csv = (
      await getPage(server.url, `/reports/development/ranking.csv?period=year&at=2025-01-01&department=DINKES`, { cookie: hrCookie })
    ).html;
    expect(csv).toMatch(/\d,pelayanan_publik,[^\n]*,32\.18\r?\n/);
    expect(csv).toContain('representatif, ikut dibobot');
  });

  it('shows an SKM under its minimum sample as "belum representatif" and does not weigh it', async () => {
    // Population 100 → minimum 80; 8 respondents rating kompetensi pelaksana 1.
    await seedSkm('PUPR', pupr, 100, Array(8).fill({ U6: 1, U7: 1 }));
    const { p } = await scoreOf(pupr, 'pelayanan_publik');
    expect(p.skm).toMatchObject({ n: 8, minimum: 80, representative: false, counted: false });
    // PUPR has no complaints or contributions in 2025: had the SKM been weighed, pelayanan_publik would rank.
    expect(p.ranked).toEqual([]);
    const page = await getPage(server.url, `${RANKING}&department=PUPR`, { cookie: hrCookie });
    expect(page.html).toContain('data-counted="false"');
    expect(page.html).toContain('sampel minimum 80 — belum representatif, tidak dibobot');
    expect(page.html).not.toContain('id="table-ranking"');
  });
});
