// Role × route matrix over HTTP: every route that exists is opened by a visitor and by each role, and each
// gets exactly what DESIGN.md §1 allows. A new route fails here until its expected access is written down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/server/auth/auth.tables.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage } from '../support/forms.ts';
import { listRoutes } from '../support/routes.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';

type Who = 'visitor' | Role;
type Expect = 'everyone' | 'signed-in' | readonly Role[];

const STAFF_ADMIN: readonly Role[] = ['admin'];
const CONSULTATION_STAFF: readonly Role[] = ['officer', 'manager', 'admin'];
const REPORT_VIEWERS: readonly Role[] = ['manager', 'hr', 'admin'];

/** Expected access per route pattern (DESIGN.md §1). `path` fills in route parameters. */
const MATRIX: Record<string, { access: Expect; path?: (ids: Record<string, number>) => string; note?: string }> = {
  '/': { access: 'everyone' },
  '/404': { access: 'everyone' },
  '/500': { access: 'everyone' },
  '/503': { access: 'everyone', note: 'shown for a request the database failed; opened directly it goes home' },
  '/healthz': { access: 'everyone' },
  '/privacy': { access: 'everyone' },
  '/statistics': { access: 'everyone' },
  '/track': { access: 'everyone' },
  '/complaints': { access: 'everyone' },
  '/complaints/new': { access: 'everyone' },
  '/consultations': { access: 'everyone' },
  // Guest pages: open to everyone; a logged-in user is sent on to their page instead of seeing the form.
  '/login': { access: 'everyone' },
  '/register': { access: 'everyone' },
  '/logout': { access: 'everyone' },
  '/password/forgot': { access: 'everyone' },
  '/password/reset': { access: 'everyone', path: () => '/password/reset?token=tidak-ada-token-seperti-ini' },
  '/me': { access: 'signed-in' },
  '/me/profile': { access: 'signed-in' },
  '/admin': { access: STAFF_ADMIN },
  '/admin/users': { access: STAFF_ADMIN },
  '/admin/users/new': { access: STAFF_ADMIN },
  '/admin/users/[id]': { access: STAFF_ADMIN, path: (ids) => `/admin/users/${ids.resident}` },
  '/admin/audit': { access: STAFF_ADMIN },
  '/admin/imports': { access: STAFF_ADMIN },
  '/admin/holidays': { access: STAFF_ADMIN },
  '/admin/categories': { access: STAFF_ADMIN },
  '/admin/categories/new': { access: STAFF_ADMIN },
  '/admin/categories/[code]': { access: STAFF_ADMIN, path: () => '/admin/categories/sampah' },
  '/admin/routing-rules': { access: STAFF_ADMIN },
  '/admin/departments': { access: STAFF_ADMIN },
  '/admin/departments/[code]': { access: STAFF_ADMIN, path: () => '/admin/departments/PUPR' },
  '/admin/areas': { access: STAFF_ADMIN },
  '/admin/areas/[code]': { access: STAFF_ADMIN, path: () => '/admin/areas/16.71.01' },
  '/complaints/[code]': { access: 'everyone', path: () => `/complaints/${COMPLAINT}` },
  '/complaints/[code]/photos/[name]': { access: 'everyone', path: () => `/complaints/${COMPLAINT}/photos/tidak-ada.jpg` },
  '/complaints/submitted': { access: 'everyone' },
  '/fragments/complaints/list': { access: 'everyone' },
  '/fragments/complaints/nearby': {
    access: 'everyone',
    path: () => '/fragments/complaints/nearby?category=sampah&kelurahan=16.71.01.1001',
  },
  // "Dukung": visitors support per browser, residents per account; the complaint's policy decides what shows.
  '/complaints/[code]/support': { access: 'everyone', path: () => `/complaints/${ASSIGNED}/support` },
  '/me/complaints': { access: 'signed-in' },
  '/staff/verify': { access: ['verifier'] },
  '/staff/resolution-checks': { access: ['verifier'] },
  '/staff/verify/[code]': { access: ['verifier'], path: () => `/staff/verify/${COMPLAINT}` },
  '/open311/v2/[...path]': { access: 'everyone', path: () => '/open311/v2/services.json' },
  // Meta's webhook: no session; the verify token (GET) and the body's signature (POST) decide. This server
  // has no WhatsApp configuration, so it answers 404 to everyone (test/integration/whatsapp.test.ts covers it on).
  '/channels/whatsapp/webhook': {
    access: 'everyone',
    path: () => '/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1',
  },
  '/admin/competencies': { access: STAFF_ADMIN },
  '/admin/api-keys': { access: STAFF_ADMIN },
  '/admin/outbox': { access: STAFF_ADMIN },
  '/complaints/[code]/follow-up': { access: 'everyone', path: () => `/complaints/${COMPLAINT}/follow-up` },
  '/alerts': { access: 'everyone' },
  '/alerts/confirm': { access: 'everyone', path: () => '/alerts/confirm?t=x' },
  '/alerts/unsubscribe': { access: 'everyone', path: () => '/alerts/unsubscribe?t=x' },
  '/me/alerts': { access: 'signed-in' },
  '/complaints/map': { access: 'everyone', path: () => '/complaints/map?kecamatan=16.71.01' },
  '/complaints/map.geojson': { access: 'everyone', path: () => '/complaints/map.geojson?state=assigned' },
  '/complaints/feed.atom': { access: 'everyone', path: () => '/complaints/feed.atom?kind=resolved&kecamatan=16.71.01' },
  // A GET goes back to the complaint page; following itself (POST) needs an account.
  '/complaints/[code]/follow': { access: 'signed-in', path: () => `/complaints/${ASSIGNED}/follow` },
  // The signed token in the email's link decides; without one the page says the link is not valid.
  '/complaints/[code]/unfollow': { access: 'everyone', path: () => `/complaints/${ASSIGNED}/unfollow?t=x` },
  '/staff/inbox': { access: ['officer', 'manager'] },
  // Counter clerks: verifiers, and officers/managers an admin named a counter for (none in this matrix).
  '/staff/complaints/new': { access: ['verifier'] },
  '/staff/complaints/receipt/[code]': {
    access: [],
    path: () => `/staff/complaints/receipt/${COMPLAINT}`,
    note: 'only the clerk who filed it; the matrix complaint was filed on the web',
  },
  '/fragments/staff/inbox': { access: ['officer', 'manager'] },
  // The test officer and manager work for PUPR, where this complaint was routed.
  '/staff/complaints/[code]': { access: ['officer', 'manager'], path: () => `/staff/complaints/${ASSIGNED}` },
  '/staff/complaints/[code]/support': { access: ['officer', 'manager'], path: () => `/staff/complaints/${ASSIGNED}/support` },
  '/staff/support/[id]': {
    access: ['officer', 'manager'],
    path: (ids) => `/staff/support/${ids.supportTask}`,
    note: 'a task DINSOS asked of PUPR',
  },
  '/staff/templates': { access: ['manager'] },
  '/consultations/new': { access: CONSULTATION_STAFF },
  '/consultations/[id]': { access: 'everyone', path: (ids) => `/consultations/${ids.openConsultation}` },
  // Staff of the consultation's department (the test officer and manager work for PUPR) and admins.
  '/consultations/[id]/edit': { access: CONSULTATION_STAFF, path: (ids) => `/consultations/${ids.openConsultation}/edit` },
  '/consultations/[id]/moderation': { access: CONSULTATION_STAFF, path: (ids) => `/consultations/${ids.openConsultation}/moderation` },
  '/consultations/[id]/export.csv': { access: CONSULTATION_STAFF, path: (ids) => `/consultations/${ids.openConsultation}/export.csv` },
  '/consultations/[id]/export.xlsx': { access: CONSULTATION_STAFF, path: (ids) => `/consultations/${ids.openConsultation}/export.xlsx` },
  '/consultations/[id]/conclude': { access: CONSULTATION_STAFF, path: (ids) => `/consultations/${ids.closedConsultation}/conclude` },
  '/fragments/consultations/[id]/contributions': {
    access: 'everyone',
    path: (ids) => `/fragments/consultations/${ids.openConsultation}/contributions`,
  },
  // Responsiveness reports (issue 6): managers (their own department), HR and admin; public statistics for all.
  '/reports': { access: REPORT_VIEWERS },
  '/reports/complaints': { access: REPORT_VIEWERS, path: () => '/reports/complaints?metric=volume' },
  '/reports/overdue': { access: REPORT_VIEWERS },
  '/reports/export': { access: REPORT_VIEWERS, path: () => '/reports/export?table=summary&format=csv' },
  '/reports/charts/trend.svg': { access: REPORT_VIEWERS },
  '/reports/charts/backlog.svg': { access: REPORT_VIEWERS },
  // Development priorities and training plans (issue 7): managers (own department), HR and admin.
  '/reports/development': { access: REPORT_VIEWERS },
  '/reports/development/plan': { access: REPORT_VIEWERS },
  '/reports/development/ranking.csv': { access: REPORT_VIEWERS },
  '/reports/development/ranking.xlsx': { access: REPORT_VIEWERS },
  '/reports/development/plan.csv': { access: REPORT_VIEWERS, path: () => '/reports/development/plan.csv?department=PUPR&year=2027' },
  '/reports/development/plan.xlsx': { access: REPORT_VIEWERS, path: () => '/reports/development/plan.xlsx?department=PUPR&year=2027' },
  // Trainings (issue 20): HR every training, managers their own department's (the test manager works for PUPR), admin reads.
  '/reports/development/trainings': { access: REPORT_VIEWERS },
  '/reports/development/trainings/[id]': { access: REPORT_VIEWERS, path: (ids) => `/reports/development/trainings/${ids.training}` },
  '/reports/development/trainings/[id]/moodle.csv': {
    access: REPORT_VIEWERS,
    path: (ids) => `/reports/development/trainings/${ids.training}/moodle.csv`,
  },
  '/reports/development/trainings/jp.csv': { access: REPORT_VIEWERS, path: () => '/reports/development/trainings/jp.csv?year=2027' },
  '/reports/development/trainings/jp.xlsx': { access: REPORT_VIEWERS, path: () => '/reports/development/trainings/jp.xlsx?year=2027' },
  '/reports/development/trainings/jp.json': { access: REPORT_VIEWERS, path: () => '/reports/development/trainings/jp.json?year=2027' },
  // The JP ledger per department (issue 20): HR and admin all departments, a manager their own.
  '/reports/development/jp': { access: REPORT_VIEWERS },
  // One's own competency development (issue 20): staff only; the ledger needs a NIP, proposals a department.
  '/me/training': { access: ['officer', 'verifier', 'manager', 'hr', 'admin'] },
  // Training follow-up (issue 20): action plans and effect for managers (own department), HR and admin;
  // an officer's own completed training (the matrix officer completed one).
  '/reports/development/action-plans': { access: REPORT_VIEWERS },
  '/reports/development/effect': { access: REPORT_VIEWERS },
  '/me/training/[participant]': {
    access: ['officer'],
    path: (ids) => `/me/training/${ids.participation}`,
    note: "only the officer's own completed participation",
  },
  '/statistics.csv': { access: 'everyone' },
  '/statistics/chart.svg': { access: 'everyone' },
  '/me/data': { access: 'signed-in' },
  '/me/data/export.json': { access: 'signed-in' },
  '/me/data/report': { access: 'signed-in' },
  '/me/data/erased': { access: 'everyone' },
  '/complaints/[code]/data': { access: 'everyone', path: () => `/complaints/${COMPLAINT}/data` },
  '/admin/data-requests': { access: STAFF_ADMIN },
  '/admin/processing-activities': { access: STAFF_ADMIN },
  '/admin/processing-activities/export.csv': { access: STAFF_ADMIN },
  '/admin/processing-activities/export.xlsx': { access: STAFF_ADMIN },
  // Appraisal evidence (issue 7): officers their own; managers (own department) and HR the list and detail; HR the exports.
  '/me/evidence': { access: ['officer'] },
  '/reports/evidence': { access: ['manager', 'hr'] },
  '/reports/evidence/[nip]': { access: ['manager', 'hr'], path: () => `/reports/evidence/${MATRIX_NIP}` },
  '/reports/evidence/[nip]/signals': { access: ['manager', 'hr'], path: () => `/reports/evidence/${MATRIX_NIP}/signals?signal=fast` },
  '/reports/evidence/export.csv': { access: ['hr'] },
  '/reports/evidence/export.xlsx': { access: ['hr'] },
  '/reports/evidence/export.json': { access: ['hr'] },
  // Surveys (issue 19): managers (own department), HR and admin build and read results; respondents answer a published survey.
  '/staff/surveys': { access: REPORT_VIEWERS },
  '/staff/surveys/[id]': { access: REPORT_VIEWERS, path: (ids) => `/staff/surveys/${ids.survey}` },
  '/staff/surveys/[id]/results': { access: REPORT_VIEWERS, path: (ids) => `/staff/surveys/${ids.survey}/results` },
  '/staff/surveys/[id]/results.csv': { access: REPORT_VIEWERS, path: (ids) => `/staff/surveys/${ids.survey}/results.csv` },
  '/staff/surveys/[id]/results.xlsx': { access: REPORT_VIEWERS, path: (ids) => `/staff/surveys/${ids.survey}/results.xlsx` },
  '/staff/surveys/[id]/chart.svg': {
    access: REPORT_VIEWERS,
    path: (ids) => `/staff/surveys/${ids.survey}/chart.svg?q=${ids.surveyQuestion}`,
  },
  '/surveys/[id]': { access: 'everyone', path: (ids) => `/surveys/${ids.survey}` },
  '/statistics/skm': { access: 'everyone' },
  '/statistics/skm.csv': { access: 'everyone' },
  '/fragments/consultations/[id]/contributions/[cid]': {
    access: 'everyone',
    path: (ids) => `/fragments/consultations/${ids.openConsultation}/contributions/999999`,
  },
};

/** A complaint waiting for verification, for the routes that show one. */
const COMPLAINT = 'PLG-26-MATRX2';
/** A complaint routed to PUPR. */
const ASSIGNED = 'PLG-26-MATRX3';
/** The NIP of a PUPR officer (the test manager works for PUPR). */
const MATRIX_NIP = '199101012020121001';

let db: TestDb;
let server: RunningServer;
const cookies: Partial<Record<Who, string>> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  const category = await db.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
  const now = Date.now();
  await db.db
    .insertInto('complaints')
    .values({
      code: COMPLAINT,
      access_key_hash: 'x'.repeat(64),
      category_id: category.id,
      title: 'Uji matriks',
      description: 'Uji matriks akses',
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public',
      state: 'submitted',
      submitted_at: now,
      verification_due_at: now + 86_400_000,
      updated_at: now,
    })
    .execute();
  const pupr = await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow();
  await db.db
    .insertInto('complaints')
    .values({
      code: ASSIGNED,
      access_key_hash: 'y'.repeat(64),
      category_id: category.id,
      title: 'Uji matriks dinas',
      description: 'Uji matriks akses dinas',
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public',
      state: 'assigned',
      department_id: pupr.id,
      submitted_at: now,
      verification_due_at: now + 86_400_000,
      assigned_at: now,
      response_due_at: now + 5 * 86_400_000,
      resolution_due_at: now + 14 * 86_400_000,
      updated_at: now,
    })
    .execute();
  await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR', nip: MATRIX_NIP });
  for (const role of ROLES) {
    const u = await createTestUser(db.db, { role });
    ids[role] = u.id;
    cookies[role] = await sessionCookie(db.db, u.id);
  }
  // A DINSOS complaint on which PUPR (the test staff's department) has an open support task (issue 26).
  const dinsos = await db.db.selectFrom('departments').select('id').where('code', '=', 'DINSOS').executeTakeFirstOrThrow();
  const helped = await db.db
    .insertInto('complaints')
    .values({
      code: 'PLG-26-MATRX4',
      access_key_hash: 'z'.repeat(64),
      category_id: category.id,
      title: 'Uji matriks dukungan',
      description: 'Uji matriks akses dukungan',
      kecamatan_code: '16.71.01',
      kelurahan_code: '16.71.01.1001',
      privacy: 'public',
      state: 'assigned',
      department_id: dinsos.id,
      submitted_at: now,
      verification_due_at: now + 86_400_000,
      assigned_at: now,
      response_due_at: now + 5 * 86_400_000,
      resolution_due_at: now + 14 * 86_400_000,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.supportTask = (
    await db.db
      .insertInto('support_requests')
      .values({
        complaint_id: helped.id,
        lead_department_id: dinsos.id,
        supporting_department_id: pupr.id,
        task: 'Uji matriks tugas dukungan',
        due_at: now + 3 * 86_400_000,
        state: 'requested',
        requested_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // A training plan of PUPR for the export routes.
  await db.db
    .insertInto('training_plans')
    .values({ department_id: pupr.id, year: 2027, officer_count: 1, created_by: null, created_at: now, updated_at: now })
    .execute();
  // A training of PUPR for the training routes.
  ids.training = Number(
    (
      await db.db
        .insertInto('trainings')
        .values({
          department_id: pupr.id,
          plan_item_id: null,
          year: 2027,
          title: 'Pelatihan matriks',
          competency_id: null,
          kind: 'teknis',
          jalur: 'klasikal',
          bentuk: 'pelatihan',
          provider: 'BPSDM',
          starts_on: '2027-03-01',
          ends_on: '2027-03-02',
          jp: 8,
          capacity: null,
          evaluation_survey_id: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  // A completed PUPR training of the matrix officer (their own training page).
  const training = await db.db
    .insertInto('trainings')
    .values({
      department_id: pupr.id,
      year: 2026,
      title: 'Pelatihan matriks',
      kind: 'teknis',
      jalur: 'klasikal',
      bentuk: 'pelatihan',
      provider: 'BPSDM',
      starts_on: '2026-06-01',
      ends_on: '2026-06-02',
      jp: 16,
      state: 'completed',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.participation = Number(
    (
      await db.db
        .insertInto('training_participants')
        .values({
          training_id: Number(training.id),
          user_id: ids.officer!,
          nip: '199202022020121002',
          name: 'Petugas Matriks',
          department_id: pupr.id,
          status: 'completed',
          completed_at: now,
          jp_credited: 16,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  // A published public survey of PUPR with one single-choice question.
  const survey = await db.db
    .insertInto('surveys')
    .values({
      department_id: pupr.id,
      kind: 'general',
      title: 'Survei matriks',
      audience: 'public',
      state: 'open',
      opens_on: '2000-01-01',
      closes_on: '2999-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.survey = Number(survey.id);
  const section = await db.db
    .insertInto('survey_sections')
    .values({ survey_id: ids.survey, position: 1, title: 'Bagian' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const question = await db.db
    .insertInto('survey_questions')
    .values({
      survey_id: ids.survey,
      section_id: Number(section.id),
      position: 1,
      kind: 'single',
      label: 'Puas?',
      options: '["Ya","Tidak"]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.surveyQuestion = Number(question.id);
  // One open consultation of PUPR, and one of PUPR whose closing date has passed.
  const staff = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
  ids.openConsultation = await openConsultation(db.db, staff, new Date());
  ids.closedConsultation = await openConsultation(db.db, staff, new Date(Date.now() - 30 * 86_400_000), { days: 7 });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

function allowed(access: Expect, who: Who): boolean {
  if (access === 'everyone') return true;
  if (who === 'visitor') return false;
  return access === 'signed-in' || access.includes(who);
}

describe(`role × route matrix (${dialectName})`, () => {
  it('has an expectation for every route under src/pages', () => {
    const unknown = listRoutes()
      .map((r) => r.pattern)
      .filter((p) => !(p in MATRIX));
    expect(unknown, 'add these routes to MATRIX in test/integration/role-matrix.test.ts').toEqual([]);
  });

  const routes = listRoutes().filter((r) => r.pattern in MATRIX);
  const whos: Who[] = ['visitor', ...ROLES];

  // The header offers each user only what they may open: every link in it answers 200 for them.
  it.each(whos.map((w) => [w] as const))('every header link shown to %s opens for them', async (who) => {
    const home = await getPage(server.url, '/', { cookie: cookies[who as Role] });
    const nav = home.html.match(/<nav class="site-nav[^]*?<\/nav>/)?.[0] ?? '';
    const hrefs = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.length, nav).toBeGreaterThan(3);
    for (const href of hrefs) {
      const r = await getPage(server.url, href, { cookie: cookies[who as Role] });
      expect(r.status, `${who} → ${href}`).toBe(200);
    }
  });
  it.each(routes.map((r) => [r.pattern] as const))('%s', async (pattern) => {
    const spec = MATRIX[pattern]!;
    const path = spec.path ? spec.path(ids) : pattern;
    for (const who of whos) {
      const r = await getPage(server.url, path, { cookie: cookies[who as Role] });
      // A server error carries the server's last output, so a failure says why.
      const label = `${who} GET ${path} → ${r.status} ${r.location ?? ''}${r.status >= 500 ? `\n${server.output().slice(-2000)}` : ''}`;
      if (allowed(spec.access, who)) {
        // Allowed: the page itself answers (200, its own status, or its own redirect — never to the login).
        expect(r.location?.startsWith('/login?next=') ?? false, label).toBe(false);
        if (spec.access !== 'everyone') expect(r.status, label).toBe(200);
      } else if (who === 'visitor') {
        expect(r.status, label).toBe(303);
        expect(r.location, label).toBe(`/login?next=${encodeURIComponent(path)}`);
      } else {
        // Logged in without the role: the same 404 as a page that does not exist.
        expect(r.status, label).toBe(404);
        expect(r.html, label).toContain('Halaman tidak ditemukan');
      }
    }
  });
});
