// seed-demo's surveys (both dialects): an SKM per department for the last two semesters, one
// department below its minimum sample, a published follow-up plan, one staff-built survey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';
import { lastTwoSemesters } from '../../src/server/demo/seed-surveys.ts';
import { publicSkm } from '../../src/server/surveys/skm.service.ts';

let t: TestDb;
const now = new Date('2026-12-03T03:00:00Z');
beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { complaints: 200, seed: 7, now });
}, 240_000);
afterAll(async () => {
  await t?.cleanup();
});

describe(`seed-demo surveys (${dialectName})`, () => {
  it('takes the last two complete semesters', () => {
    expect(lastTwoSemesters('2026-12-03').map((s) => s.period)).toEqual(['2025-S2', '2026-S1']);
    expect(lastTwoSemesters('2026-03-01').map((s) => s.period)).toEqual(['2025-S1', '2025-S2']);
  });

  it('publishes an SKM per department and period, one department not yet representative', async () => {
    const departments = await publicSkm(t.db);
    const active = await t.db.selectFrom('departments').select('id').where('active', '=', 1).execute();
    expect(departments).toHaveLength(active.length);
    for (const d of departments) {
      expect(d.periods.map((p) => p.survey.period)).toEqual(['2025-S2', '2026-S1']);
      expect(d.periods.every((p) => p.shown && p.index.mutu !== null)).toBe(true);
      expect(d.periods.at(-1)!.followUps.filter((f) => f.published)).toHaveLength(1);
    }
    const short = departments.filter((d) => d.periods.some((p) => p.representative === false));
    expect(short).toHaveLength(1);
    expect(departments.filter((d) => d.periods.every((p) => p.representative === true))).toHaveLength(departments.length - 1);
  });

  it('adds one open staff-built survey with three sections and a conditional question', async () => {
    // Training evaluations (seed-demo's completed trainings) are surveys of the engine too; this one is built by staff.
    const evaluations = (
      await t.db.selectFrom('trainings').select('evaluation_survey_id').where('evaluation_survey_id', 'is not', null).execute()
    ).map((r) => Number(r.evaluation_survey_id));
    const general = (await t.db.selectFrom('surveys').selectAll().where('kind', '=', 'general').execute()).filter(
      (s) => !evaluations.includes(Number(s.id)),
    );
    expect(general).toHaveLength(1);
    expect(general[0]!.state).toBe('open');
    const sections = await t.db.selectFrom('survey_sections').select('id').where('survey_id', '=', general[0]!.id).execute();
    expect(sections).toHaveLength(3);
    const conditional = await t.db
      .selectFrom('survey_questions')
      .select('id')
      .where('survey_id', '=', general[0]!.id)
      .where('show_if_question_id', 'is not', null)
      .execute();
    expect(conditional).toHaveLength(1);
  });
});
