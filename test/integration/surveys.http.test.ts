// The survey pages over HTTP, as a browser without JavaScript uses them: a manager builds and publishes a
// two-section survey with a conditional question; a visitor answers page by page (an error keeps the
// answers; a bot without the signed token is refused); the manager reads results and the CSV; another
// department's manager gets 404; /statistics/skm and its CSV are public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let manager = '';
let other = '';

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  manager = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id);
  other = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'PUPR' })).id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const tokenOf = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)?.[1];

describe(`survey pages (${dialectName})`, () => {
  let id = 0;
  let gender = 0;
  let visited = 0;
  let rating = 0;

  it('a manager builds and publishes a two-section survey with a conditional question', async () => {
    const created = await postForm(
      server.url,
      '/staff/surveys',
      { intent: 'create', title: 'Layanan puskesmas', intro: 'Pengantar', department: 'DINKES', audience: 'public' },
      { cookie: manager },
    );
    expect(created.status, created.html.slice(0, 300)).toBe(303);
    id = Number(/\/staff\/surveys\/(\d+)/.exec(created.location!)![1]);
    // A manager cannot create for another department.
    expect(
      (
        await postForm(
          server.url,
          '/staff/surveys',
          { intent: 'create', title: 'x', department: 'PUPR', audience: 'public' },
          { cookie: manager },
        )
      ).status,
    ).toBe(422);
    let page = await getPage(server.url, `/staff/surveys/${id}`, { cookie: manager });
    const firstSection = Number(/name="section"><option value="(\d+)"/.exec(page.html)![1]);
    let r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      {
        intent: 'question',
        version: versionOf(page.html),
        section: String(firstSection),
        kind: 'single',
        label: 'Jenis kelamin',
        options: 'Laki-laki\nPerempuan',
        required: '1',
        scale_max: '5',
      },
      { cookie: manager },
    );
    expect(r.status, r.html.slice(0, 500)).toBe(303);
    page = await getPage(server.url, `/staff/surveys/${id}`, { cookie: manager });
    // A stale version is refused with 409.
    expect(
      (await postForm(server.url, `/staff/surveys/${id}`, { intent: 'section', version: '1', title: 'Basi' }, { cookie: manager })).status,
    ).toBe(409);
    r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      { intent: 'section', version: versionOf(page.html), title: 'Kunjungan' },
      { cookie: manager },
    );
    expect(r.status).toBe(303);
    page = await getPage(server.url, `/staff/surveys/${id}`, { cookie: manager });
    const secondSection = Number([...page.html.matchAll(/<option value="(\d+)"[^>]*>2\. Kunjungan/g)][0]![1]);
    r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      {
        intent: 'question',
        version: versionOf(page.html),
        section: String(secondSection),
        kind: 'single',
        label: 'Pernah berobat?',
        options: 'Ya\nTidak',
        required: '1',
        scale_max: '5',
      },
      { cookie: manager },
    );
    expect(r.status).toBe(303);
    page = await getPage(server.url, `/staff/surveys/${id}`, { cookie: manager });
    const qs = await db.db.selectFrom('survey_questions').select(['id', 'label']).where('survey_id', '=', id).orderBy('id').execute();
    gender = Number(qs[0]!.id);
    visited = Number(qs[1]!.id);
    // Options missing for a choice question: 422 with the message beside the field, values kept.
    r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      {
        intent: 'question',
        version: versionOf(page.html),
        section: String(secondSection),
        kind: 'single',
        label: 'Tanpa pilihan',
        options: '',
        scale_max: '5',
      },
      { cookie: manager },
    );
    expect(r.status).toBe(422);
    expect(r.html).toContain('value="Tanpa pilihan"');
    r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      {
        intent: 'question',
        version: versionOf(page.html),
        section: String(secondSection),
        kind: 'scale',
        label: 'Nilai layanan',
        required: '1',
        scale_max: '4',
        scale_low: 'Buruk',
        scale_high: 'Sangat baik',
        show_if: String(visited),
        show_if_value: 'Ya',
      },
      { cookie: manager },
    );
    expect(r.status, r.html.slice(0, 300)).toBe(303);
    rating = Number(
      (await db.db.selectFrom('survey_questions').select('id').where('label', '=', 'Nilai layanan').executeTakeFirstOrThrow()).id,
    );
    page = await getPage(server.url, `/staff/surveys/${id}`, { cookie: manager });
    expect(page.html).toContain('Tampil jika “Pernah berobat?” = “Ya”');
    // Not yet published: respondents get 404, the preview is for the manager.
    expect((await getPage(server.url, `/surveys/${id}`)).status).toBe(404);
    expect((await getPage(server.url, `/surveys/${id}?preview=1`, { cookie: manager })).status).toBe(200);
    expect((await getPage(server.url, `/surveys/${id}?preview=1`, { cookie: other })).status).toBe(404);
    r = await postForm(
      server.url,
      `/staff/surveys/${id}`,
      { intent: 'publish', version: versionOf(page.html), opens_on: '2000-01-01', closes_on: '2999-12-31' },
      { cookie: manager },
    );
    expect(r.status).toBe(303);
  });

  it('a visitor answers page by page without JavaScript; an error keeps the answers', async () => {
    const first = await getPage(server.url, `/surveys/${id}`);
    expect(first.status).toBe(200);
    expect(first.html).toContain('Bagian 1 dari 2');
    const token = tokenOf(first.html)!;
    // A bot: no token → 400 and told so, nothing stored.
    expect((await postForm(server.url, `/surveys/${id}`, { step: '0', nav: 'next', [`q${gender}`]: 'Perempuan' })).status).toBe(400);
    // Nothing chosen: 422 on the same page with the message.
    let r = await postForm(server.url, `/surveys/${id}`, { form_token: token, step: '0', nav: 'next' });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Pertanyaan ini wajib dijawab.');
    r = await postForm(server.url, `/surveys/${id}`, { form_token: token, step: '0', nav: 'next', [`q${gender}`]: 'Perempuan' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('Bagian 2 dari 2');
    expect(r.html).toContain(`name="q${gender}" value="Perempuan"`);
    // The conditional rating is required when "Ya": the error keeps both answers.
    r = await postForm(server.url, `/surveys/${id}`, {
      form_token: token,
      step: '1',
      nav: 'submit',
      [`q${gender}`]: 'Perempuan',
      [`q${visited}`]: 'Ya',
    });
    expect(r.status).toBe(422);
    expect(r.html).toMatch(new RegExp(`name="q${visited}" value="Ya" checked`));
    r = await postForm(server.url, `/surveys/${id}`, {
      form_token: token,
      step: '1',
      nav: 'submit',
      [`q${gender}`]: 'Perempuan',
      [`q${visited}`]: 'Ya',
      [`q${rating}`]: '4',
    });
    expect(r.status, r.html.slice(0, 500)).toBe(303);
    expect(r.location).toBe(`/surveys/${id}?done=1`);
    // The same form posted again files once.
    await postForm(server.url, `/surveys/${id}`, {
      form_token: token,
      step: '1',
      nav: 'submit',
      [`q${gender}`]: 'Perempuan',
      [`q${visited}`]: 'Tidak',
    });
    const responses = await db.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', id).execute();
    expect(responses).toHaveLength(1);
  });

  it("results and exports for the department's manager only", async () => {
    const res = await getPage(server.url, `/staff/surveys/${id}/results`, { cookie: manager });
    expect(res.status).toBe(200);
    expect(res.html).toContain('data belum cukup');
    expect(res.html).toContain(`/staff/surveys/${id}/chart.svg?q=${gender}`);
    const chart = await fetch(`${server.url}/staff/surveys/${id}/chart.svg?q=${gender}`, { headers: { cookie: manager } });
    expect(chart.headers.get('content-type')).toContain('image/svg+xml');
    for (const p of [
      `/staff/surveys/${id}`,
      `/staff/surveys/${id}/results`,
      `/staff/surveys/${id}/results.csv`,
      `/staff/surveys/${id}/chart.svg?q=${gender}`,
    ]) {
      expect((await getPage(server.url, p, { cookie: other })).status, p).toBe(404);
    }
    const csv = await getPage(server.url, `/staff/surveys/${id}/results.csv`, { cookie: manager });
    expect(csv.status).toBe(200);
    expect(csv.html).toContain('No.,Tanggal,Jenis kelamin,Pernah berobat?,Nilai layanan');
    expect(csv.html).toMatch(/\n1,\d{4}-\d{2}-\d{2},Perempuan,Ya,4/);
  });

  it('publishes /statistics/skm and its open data', async () => {
    const page = await getPage(server.url, '/statistics/skm');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Survei Kepuasan Masyarakat');
    const csv = await getPage(server.url, '/statistics/skm.csv');
    expect(csv.status).toBe(200);
    expect(csv.html.split('\n')[0]).toBe('department,period,unsur,n,minimum,representative,nrr,converted,mutu,follow_up');
  });

  it("an SKM from the template shows on /statistics/skm and on the manager's /reports", async () => {
    const r = await postForm(
      server.url,
      '/staff/surveys',
      { intent: 'skm', department: 'DINKES', period: '2026-S1', population: '120' },
      { cookie: manager },
    );
    expect(r.status, r.html.slice(0, 300)).toBe(303);
    const skm = Number(/\/staff\/surveys\/(\d+)/.exec(r.location!)![1]);
    const page = await getPage(server.url, `/staff/surveys/${skm}`, { cookie: manager });
    expect(page.html).toContain('kesesuaian persyaratan pelayanan');
    expect(
      (
        await postForm(
          server.url,
          `/staff/surveys/${skm}`,
          { intent: 'publish', version: versionOf(page.html), opens_on: '2000-01-01', closes_on: '2999-12-31' },
          { cookie: manager },
        )
      ).status,
    ).toBe(303);
    const stats = await getPage(server.url, '/statistics/skm');
    expect(stats.html).toContain('Dinas Kesehatan');
    expect(stats.html).toContain('data belum cukup');
    const reports = await getPage(server.url, '/reports', { cookie: manager });
    expect(reports.html).toContain('SKM terakhir');
    expect(reports.html).toContain('#skm-DINKES');
    const otherReports = await getPage(server.url, '/reports', { cookie: other });
    expect(otherReports.html).not.toContain('#skm-DINKES');
  });
});
