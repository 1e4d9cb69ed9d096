// The survey engine against the database (both dialects): building with compare-and-set, publishing,
// answering (public once per form, signed-in once per resident, invited token used once), closing,
// copying, results with suppression under 5, exports parsed back, the SKM index from stored answers,
// and the policy (a manager cannot see another department's survey; no identity in results/exports).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { createTestUser } from '../support/users.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import {
  addQuestion,
  addSection,
  closeSurvey,
  copySurvey,
  createSurvey,
  publishSurvey,
  updateSurvey,
} from '../../src/server/surveys/surveys.service.ts';
import { inviteToSurvey, submitResponse } from '../../src/server/surveys/responses.service.ts';
import { exportSurvey, surveyResults } from '../../src/server/surveys/results.ts';
import { createSkmSurvey, publicSkm, saveFollowUp, skmResult } from '../../src/server/surveys/skm.service.ts';
import { findSurvey, listQuestions, listSections } from '../../src/server/surveys/surveys.repository.ts';
import { tableToCsv, tableToXlsx } from '../../src/server/exports/table-export.ts';
import { SKM_UNSUR } from '../../src/server/surveys/skm-reference.ts';
import { inviteClosedComplaintsToSkm, skmForClosedComplaint } from '../../src/server/surveys/skm-invites.ts';

/** RFC 4180 rows (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

let t: TestDb;
let manager: SessionUser;
let otherManager: SessionUser;
let hr: SessionUser;
let resident: SessionUser;
const NOW = new Date('2026-03-10T03:00:00Z');
const TODAY = '2026-03-10';

const sessionUser = (u: { id: number; email: string; role: SessionUser['role']; departmentId: number | null }): SessionUser => ({
  id: u.id,
  email: u.email,
  name: 'Uji',
  role: u.role,
  departmentId: u.departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});
const ctx = (actor: SessionUser) => ({ actor, now: NOW });
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r.value;
};
const version = async (id: number) => (await findSurvey(t.db, id))!.version;
const posted = (o: Record<number, string | string[]>) =>
  new Map(Object.entries(o).map(([k, v]) => [Number(k), Array.isArray(v) ? v : [v]]));

beforeAll(async () => {
  t = await createTestDb();
  manager = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'DINKES' }));
  otherManager = sessionUser(await createTestUser(t.db, { role: 'manager', departmentCode: 'PUPR' }));
  hr = sessionUser(await createTestUser(t.db, { role: 'hr' }));
  resident = sessionUser(await createTestUser(t.db, { role: 'resident', email: 'warga.survei@example.test' }));
});
afterAll(async () => {
  await t?.cleanup();
});

async function buildThreeSections(audience: 'public' | 'residents' | 'invited') {
  const id = ok(
    await createSurvey(t.db, ctx(manager), { departmentId: manager.departmentId, title: 'Layanan puskesmas', intro: '', audience }),
  );
  const [first] = await listSections(t.db, id);
  const second = ok(await addSection(t.db, ctx(manager), id, await version(id), { title: 'Kunjungan', intro: '' }));
  const third = ok(await addSection(t.db, ctx(manager), id, await version(id), { title: 'Saran', intro: '' }));
  const gender = ok(
    await addQuestion(t.db, ctx(manager), id, await version(id), {
      sectionId: first!.id,
      kind: 'single',
      label: 'Jenis kelamin',
      required: true,
      options: ['Laki-laki', 'Perempuan'],
    }),
  );
  const visited = ok(
    await addQuestion(t.db, ctx(manager), id, await version(id), {
      sectionId: second,
      kind: 'single',
      label: 'Pernah berobat?',
      required: true,
      options: ['Ya', 'Tidak'],
    }),
  );
  const rating = ok(
    await addQuestion(t.db, ctx(manager), id, await version(id), {
      sectionId: second,
      kind: 'scale',
      label: 'Nilai layanan',
      required: true,
      scaleMax: 5,
      scaleLow: 'Buruk',
      scaleHigh: 'Sangat baik',
      showIfQuestionId: visited,
      showIfValue: 'Ya',
    }),
  );
  const note = ok(
    await addQuestion(t.db, ctx(manager), id, await version(id), { sectionId: third, kind: 'long_text', label: 'Saran', required: false }),
  );
  return { id, gender, visited, rating, note };
}

describe(`surveys (${dialectName})`, () => {
  it('builds with compare-and-set on the version; a stale form is refused', async () => {
    const s = await buildThreeSections('public');
    const v = await version(s.id);
    expect((await updateSurvey(t.db, ctx(manager), s.id, v, { title: 'Baru', intro: 'x', audience: 'public' })).ok).toBe(true);
    expect(await updateSurvey(t.db, ctx(manager), s.id, v, { title: 'Lama', intro: '', audience: 'public' })).toEqual({
      ok: false,
      error: 'stale',
    });
    // A condition must point at an earlier question with a value it can have.
    expect(
      await addQuestion(t.db, ctx(manager), s.id, await version(s.id), {
        sectionId: (await listSections(t.db, s.id))[0]!.id,
        kind: 'short_text',
        label: 'x',
        required: false,
        showIfQuestionId: s.visited,
        showIfValue: 'Ya',
      }),
    ).toEqual({ ok: false, error: 'condition' });
    expect(
      await addQuestion(t.db, ctx(manager), s.id, await version(s.id), {
        sectionId: (await listSections(t.db, s.id))[2]!.id,
        kind: 'short_text',
        label: 'x',
        required: false,
        showIfQuestionId: s.visited,
        showIfValue: 'Mungkin',
      }),
    ).toEqual({ ok: false, error: 'condition' });
    // Two racing publishes with the same version: exactly one wins.
    const v2 = await version(s.id);
    const both = await Promise.all([
      publishSurvey(t.db, ctx(manager), s.id, v2, { opensOn: '2026-03-01', closesOn: '2026-03-31' }),
      publishSurvey(t.db, ctx(manager), s.id, v2, { opensOn: '2026-03-01', closesOn: '2026-03-31' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    // Published: no more structural edits.
    expect(await addSection(t.db, ctx(manager), s.id, await version(s.id), { title: 'x', intro: '' })).toEqual({
      ok: false,
      error: 'not_draft',
    });
  });

  it("a manager cannot see or change another department's survey (404, as for a missing one)", async () => {
    const s = await buildThreeSections('public');
    expect(await surveyResults(t.db, otherManager, s.id)).toBeNull();
    expect(await updateSurvey(t.db, ctx(otherManager), s.id, await version(s.id), { title: 'x', intro: '', audience: 'public' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await copySurvey(t.db, ctx(otherManager), s.id)).toEqual({ ok: false, error: 'not_found' });
    expect(await surveyResults(t.db, hr, s.id)).not.toBeNull();
    expect(await surveyResults(t.db, resident, s.id)).toBeNull();
  });

  it('answers a public survey once per form; conditions, dates and closing are enforced', async () => {
    const s = await buildThreeSections('public');
    expect(
      await submitResponse(
        t.db,
        s.id,
        { kind: 'public', formId: 'a'.repeat(32) },
        posted({ [s.gender]: 'Perempuan', [s.visited]: 'Tidak' }),
        TODAY,
      ),
    ).toMatchObject({ ok: false, error: 'not_found' });
    ok(await publishSurvey(t.db, ctx(manager), s.id, await version(s.id), { opensOn: '2026-03-01', closesOn: '2026-03-31' }));
    expect(
      await submitResponse(
        t.db,
        s.id,
        { kind: 'public', formId: 'a'.repeat(32) },
        posted({ [s.gender]: 'Perempuan', [s.visited]: 'Tidak' }),
        '2026-04-01',
      ),
    ).toMatchObject({ ok: false, error: 'closed' });
    // The shown required rating is missing: the error names the second section.
    const bad = await submitResponse(
      t.db,
      s.id,
      { kind: 'public', formId: 'b'.repeat(32) },
      posted({ [s.gender]: 'Perempuan', [s.visited]: 'Ya' }),
      TODAY,
    );
    expect(bad).toMatchObject({ ok: false, error: 'invalid', section: 1 });
    for (let i = 0; i < 6; i++) {
      const form = String(i).repeat(32);
      const r = await submitResponse(
        t.db,
        s.id,
        { kind: 'public', formId: form },
        posted({
          [s.gender]: i < 5 ? 'Perempuan' : 'Laki-laki',
          [s.visited]: 'Ya',
          [s.rating]: String((i % 5) + 1),
          [s.note]: `=HYPERLINK("x") saran ${i}`,
        }),
        TODAY,
      );
      expect(r).toEqual({ ok: true });
    }
    // The same form again (a retry) files nothing new.
    expect(
      await submitResponse(
        t.db,
        s.id,
        { kind: 'public', formId: '0'.repeat(32) },
        posted({ [s.gender]: 'Perempuan', [s.visited]: 'Tidak' }),
        TODAY,
      ),
    ).toEqual({ ok: true });
    const res = (await surveyResults(t.db, manager, s.id))!;
    expect(res.total).toBe(6);
    const g = res.questions.find((q) => q.question.id === s.gender)!;
    expect(g.choices).toEqual([
      { value: 'Laki-laki', count: null },
      { value: 'Perempuan', count: 5 },
    ]);
    // Each rating value was given once or twice: every cell is under 5 and suppressed.
    expect(res.questions.find((q) => q.question.id === s.rating)!.choices.every((c) => c.count === null)).toBe(true);
    expect(res.questions.find((q) => q.question.id === s.note)!.texts).toHaveLength(6);
    // Filtered to the one man: the group is under 5, so nothing of it is shown, texts included.
    const men = (await surveyResults(t.db, manager, s.id, { questionId: s.gender, value: 'Laki-laki' }))!;
    expect(men.group).toBeNull();
    expect(men.questions.find((q) => q.question.id === s.note)!.texts).toEqual([]);
    const women = (await surveyResults(t.db, manager, s.id, { questionId: s.gender, value: 'Perempuan' }))!;
    expect(women.group).toBe(5);

    // Exports parse back: one row per response, formula-safe text, no identity columns.
    const exp = (await exportSurvey(t.db, ctx(manager), s.id, 'csv', {
      title: 'Hasil',
      response: 'No.',
      date: 'Tanggal',
      generated: 'Dibuat',
    }))!;
    const csv = parseCsv(tableToCsv(exp.table).replace(/^\uFEFF/, ''));
    const header = csv.findIndex((r) => r[0] === 'No.');
    expect(csv[header]).toEqual(['No.', 'Tanggal', 'Jenis kelamin', 'Pernah berobat?', 'Nilai layanan', 'Saran']);
    expect(csv.slice(header + 1)).toHaveLength(6);
    expect(csv[header + 1]![1]).toBe(TODAY);
    expect(csv[header + 1]![5]!.startsWith('=')).toBe(false);
    const wb = new ExcelJS.Workbook();
    const buf = await tableToXlsx(exp.table);
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values.some((v) => v.includes('saran 5'))).toBe(true);
    expect(values.some((v) => v.startsWith('='))).toBe(false);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'survey.exported').execute();
    expect(audit.length).toBeGreaterThan(0);

    ok(await closeSurvey(t.db, ctx(manager), s.id, await version(s.id)));
    expect(
      await submitResponse(
        t.db,
        s.id,
        { kind: 'public', formId: 'c'.repeat(32) },
        posted({ [s.gender]: 'Perempuan', [s.visited]: 'Tidak' }),
        TODAY,
      ),
    ).toMatchObject({ ok: false, error: 'closed' });
  });

  it('a signed-in resident answers once; nothing of them is stored with the answers', async () => {
    const s = await buildThreeSections('residents');
    ok(await publishSurvey(t.db, ctx(manager), s.id, await version(s.id), { opensOn: TODAY, closesOn: TODAY }));
    const answer = posted({ [s.gender]: 'Perempuan', [s.visited]: 'Tidak', [s.note]: 'bagus' });
    expect(await submitResponse(t.db, s.id, { kind: 'public', formId: 'd'.repeat(32) }, answer, TODAY)).toMatchObject({
      ok: false,
      error: 'audience',
    });
    expect(await submitResponse(t.db, s.id, { kind: 'resident', user: null }, answer, TODAY)).toMatchObject({
      ok: false,
      error: 'audience',
    });
    expect(await submitResponse(t.db, s.id, { kind: 'resident', user: resident }, answer, TODAY)).toEqual({ ok: true });
    expect(await submitResponse(t.db, s.id, { kind: 'resident', user: resident }, answer, TODAY)).toMatchObject({
      ok: false,
      error: 'already',
    });
    const rows = await t.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', s.id).execute();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['form_id', 'id', 'submitted_on', 'survey_id']);
    const exp = (await exportSurvey(t.db, ctx(manager), s.id, 'csv', {
      title: 'Hasil',
      response: 'No.',
      date: 'Tanggal',
      generated: 'Dibuat',
    }))!;
    const text = tableToCsv(exp.table);
    expect(text).not.toContain(resident.email);
    expect(text).not.toContain(String(resident.id) + ',');
  });

  it("an invited respondent's one-time token works once; the email goes through the outbox", async () => {
    const s = await buildThreeSections('invited');
    ok(await publishSurvey(t.db, ctx(manager), s.id, await version(s.id), { opensOn: TODAY, closesOn: TODAY }));
    const r = await inviteToSurvey(t.db, ctx(manager), s.id, ['undangan@example.test'], {
      siteUrl: 'https://portal.example.test',
      today: TODAY,
      subject: 'Undangan survei',
      body: (l) => `Isi survei: ${l}`,
    });
    expect(r).toEqual({ ok: true, sent: 1 });
    const mail = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', 'undangan@example.test').executeTakeFirstOrThrow();
    const link = String((mail as Record<string, unknown>).secret_link);
    expect(link).toMatch(new RegExp(`^https://portal\\.example\\.test/surveys/${s.id}\\?token=`));
    expect(String((mail as Record<string, unknown>).body_text)).not.toContain('token=');
    const token = new URL(link).searchParams.get('token')!;
    const answer = posted({ [s.gender]: 'Laki-laki', [s.visited]: 'Tidak' });
    expect(await submitResponse(t.db, s.id, { kind: 'invited', token: 'x'.repeat(32) }, answer, TODAY)).toMatchObject({
      ok: false,
      error: 'token',
    });
    expect(await submitResponse(t.db, s.id, { kind: 'invited', token }, answer, TODAY)).toEqual({ ok: true });
    expect(await submitResponse(t.db, s.id, { kind: 'invited', token }, answer, TODAY)).toMatchObject({ ok: false, error: 'token' });
    expect(
      await inviteToSurvey(t.db, ctx(otherManager), s.id, ['x@example.test'], {
        siteUrl: 'https://p.test',
        today: TODAY,
        subject: 's',
        body: (l) => l,
      }),
    ).toEqual({ ok: false, error: 'not_found' });
  });

  it('copies a survey with its conditions re-pointed', async () => {
    const s = await buildThreeSections('public');
    const copy = ok(await copySurvey(t.db, ctx(manager), s.id, { period: '2026-S2' }));
    const qs = await listQuestions(t.db, copy);
    expect(qs).toHaveLength(4);
    const visited = qs.find((q) => q.label === 'Pernah berobat?')!;
    expect(qs.find((q) => q.label === 'Nilai layanan')!.showIfQuestionId).toBe(visited.id);
    expect((await findSurvey(t.db, copy))!).toMatchObject({ state: 'draft', copied_from: s.id });
  });

  it('the SKM template computes the index from stored answers; follow-ups publish per unsur', async () => {
    const id = ok(
      await createSkmSurvey(t.db, ctx(manager), {
        departmentId: manager.departmentId!,
        departmentName: 'Dinas Kesehatan',
        period: '2026-S1',
        population: 100,
      }),
    );
    const qs = await listQuestions(t.db, id);
    expect(qs.filter((q) => /^U\d$/.test(q.code ?? ''))).toHaveLength(9);
    ok(await publishSurvey(t.db, ctx(manager), id, await version(id), { opensOn: '2026-01-01', closesOn: '2026-06-30' }));
    const profile = (code: string) => qs.find((q) => q.code === code)!.id;
    // Five respondents: all answer the third wording (nilai 3) except U3, where they give 2.
    for (let i = 0; i < 5; i++) {
      const answers: Record<number, string> = {
        [profile('jenis_kelamin')]: 'Perempuan',
        [profile('usia')]: '35',
        [profile('pendidikan')]: 'SMA',
        [profile('pekerjaan')]: 'Swasta',
        [profile('jenis_layanan')]: 'Imunisasi',
      };
      for (const u of SKM_UNSUR) answers[profile(u.code)] = u.answers.id[u.code === 'U3' ? 1 : 2];
      expect(await submitResponse(t.db, id, { kind: 'public', formId: `${i}f`.repeat(16) }, posted(answers), TODAY)).toEqual({ ok: true });
    }
    const r = await skmResult(t.db, (await findSurvey(t.db, id))!);
    // Σ NRR = 8×3 + 2 = 26; 26/9 × 25 = 72,22 → C
    expect(r.index.converted).toBe(72.22);
    expect(r.index.mutu).toBe('C');
    expect(r.index.priorities[0]).toBe('U3');
    expect(r.minimum).toBe(80);
    expect(r.representative).toBe(false);
    expect(
      await saveFollowUp(t.db, ctx(otherManager), id, null, {
        unsur: 'U3',
        action: 'x',
        targetDate: null,
        status: 'planned',
        published: true,
      }),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(
      await saveFollowUp(t.db, ctx(hr), id, null, { unsur: 'U3', action: 'x', targetDate: null, status: 'planned', published: true }),
    ).toEqual({ ok: false, error: 'not_found' });
    const fu = ok(
      await saveFollowUp(t.db, ctx(manager), id, null, {
        unsur: 'U3',
        action: 'Menambah loket antrean',
        targetDate: '2026-09-30',
        status: 'planned',
        published: false,
      }),
    );
    let pub = (await publicSkm(t.db)).find((d) => d.departmentId === manager.departmentId)!;
    expect(pub.periods.at(-1)!.followUps).toEqual([]);
    ok(
      await saveFollowUp(
        t.db,
        ctx(manager),
        id,
        { id: fu, version: 1 },
        { unsur: 'U3', action: 'Menambah loket antrean', targetDate: '2026-09-30', status: 'in_progress', published: true },
      ),
    );
    expect(
      await saveFollowUp(
        t.db,
        ctx(manager),
        id,
        { id: fu, version: 1 },
        { unsur: 'U3', action: 'lama', targetDate: null, status: 'planned', published: true },
      ),
    ).toEqual({ ok: false, error: 'stale' });
    pub = (await publicSkm(t.db)).find((d) => d.departmentId === manager.departmentId)!;
    expect(pub.periods.at(-1)!.followUps).toMatchObject([{ unsur: 'U3', status: 'in_progress' }]);
  });

  it("invites a closed complaint's reporter once to the department's open SKM, with nothing tying the answer to it", async () => {
    const category = await t.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
    const base = {
      access_key_hash: 'z'.repeat(64),
      category_id: category.id,
      title: 'Antrean panjang',
      description: 'Antrean di puskesmas terlalu panjang.',
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public' as const,
      submitted_at: NOW.getTime() - 10 * 86_400_000,
      verification_due_at: NOW.getTime(),
      updated_at: NOW.getTime(),
      department_id: manager.departmentId,
      reporter_email: 'pelapor.skm@example.test',
    };
    await t.db
      .insertInto('complaints')
      .values({ ...base, code: 'PLG-26-SKMINV', state: 'closed', closed_at: NOW.getTime() - 86_400_000 })
      .execute();
    await t.db
      .insertInto('complaints')
      .values({
        ...base,
        code: 'PLG-26-SKMOLD',
        state: 'closed',
        closed_at: NOW.getTime() - 90 * 86_400_000,
        reporter_email: 'lama@example.test',
      })
      .execute();
    await t.db
      .insertInto('complaints')
      .values({ ...base, code: 'PLG-26-SKMRES', state: 'resolved', reporter_email: 'belum@example.test' })
      .execute();
    const opts = { siteUrl: 'https://portal.example.test', timeZone: 'Asia/Jakarta' };
    expect(await inviteClosedComplaintsToSkm(t.db, NOW, opts)).toEqual({ invited: 1 });
    expect(await inviteClosedComplaintsToSkm(t.db, NOW, opts)).toEqual({ invited: 0 });
    const mail = await t.db.selectFrom('outbox').selectAll().where('recipient', '=', 'pelapor.skm@example.test').execute();
    expect(mail).toHaveLength(1);
    const skm = await skmForClosedComplaint(t.db, 'PLG-26-SKMINV', TODAY);
    expect(skm?.kind).toBe('skm');
    expect(mail[0]!.body_text).toContain(`https://portal.example.test/surveys/${skm!.id}`);
    expect(mail[0]!.body_text).not.toContain('PLG-26-SKMINV');
    expect(
      await t.db.selectFrom('outbox').select('id').where('recipient', 'in', ['lama@example.test', 'belum@example.test']).execute(),
    ).toEqual([]);
    expect(await skmForClosedComplaint(t.db, 'PLG-26-SKMRES', TODAY)).toBeNull();
  });
});
