// axe-core on every public page and the main staff pages: no serious or critical violation, on a phone
// and a desktop viewport, in both languages. Pages that need a record (a complaint, a consultation) or a
// signed-in user get them in beforeAll. As officer answers (issue 4) and /reports (issue 6) land, add
// their pages to STAFF_PAGES / PUBLIC_PAGES.
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';
import { contribute } from '../../src/server/consultations/contributions.service.ts';
import { createConsultation } from '../../src/server/consultations/consultations.service.ts';

let code = '';
let accessCookie = '';
let consultationId = 0;
let draftId = 0;
const cookies: Record<string, string> = {};

const app = useE2eApp();
beforeAll(async () => {
  const receipt = await readReceipt(
    app.server.url,
    await postComplaint(app.server.url, complaintFields({ title: 'Lampu penerangan jalan padam' })),
  );
  code = receipt.code;
  accessCookie = receipt.cookie;
  const officer = await sessionUser(app.db.db, { role: 'officer', departmentCode: 'DISHUB' });
  const resident = await sessionUser(app.db.db, { affiliation: 'akademisi' });
  consultationId = await openConsultation(app.db.db, officer, new Date(), { title: 'Rute bus kota koridor 5' });
  await contribute(app.db.db, { actor: resident, now: new Date() }, consultationId, {
    body: 'Tambahkan halte di dekat pasar.',
    stance: 'setuju',
    questionId: null,
  });
  draftId = await createConsultation(
    app.db.db,
    { actor: officer, now: new Date() },
    {
      departmentId: officer.departmentId!,
      title: 'Rancangan jam operasi angkutan',
      summary: 'Ringkasan rancangan.',
      body: 'Isi rancangan.',
      questions: ['Jam berapa yang cocok?'],
      targetGroups: ['masyarakat'],
      opensAt: new Date(Date.now() + 86_400_000),
      closesAt: new Date(Date.now() + 15 * 86_400_000),
    },
  );
  cookies.resident = await sessionCookie(app.db.db, resident.id);
  cookies.officer = await sessionCookie(app.db.db, officer.id);
  cookies.verifier = await sessionCookie(app.db.db, (await createTestUser(app.db.db, { role: 'verifier' })).id);
  cookies.admin = await sessionCookie(app.db.db, (await createTestUser(app.db.db, { role: 'admin' })).id);
});

// [path, who is looking, expected status (200 unless given)]; paths are functions where they need a record made in beforeAll.
type Who = 'anonymous' | 'reporter' | 'resident' | 'verifier' | 'officer' | 'admin';
type Entry = [string | (() => string), Who, number?];
const PUBLIC_PAGES: Entry[] = [
  ['/', 'anonymous'],
  ['/complaints/new', 'anonymous'],
  ['/track', 'anonymous'],
  ['/track?code=bukan-kode', 'anonymous', 422], // the form again, with the error beside the field
  ['/complaints', 'anonymous'],
  ['/complaints/map', 'anonymous'],
  [() => `/complaints/${code}`, 'anonymous'],
  [() => `/complaints/${code}`, 'reporter'],
  [() => `/complaints/${code}/support`, 'anonymous'],
  [() => `/complaints/${code}/support`, 'resident'],
  ['/consultations', 'anonymous'],
  [() => `/consultations/${consultationId}`, 'anonymous'],
  [() => `/consultations/${consultationId}`, 'resident'],
  ['/statistics', 'anonymous'],
  ['/privacy', 'anonymous'],
  ['/login', 'anonymous'],
  ['/register', 'anonymous'],
  ['/password/forgot', 'anonymous'],
  ['/password/reset?token=tidak-sah', 'anonymous', 410], // an unknown or used link explains itself
  ['/me', 'resident'],
  ['/me/complaints', 'resident'],
  ['/me/profile', 'resident'],
  ['/tidak-ada', 'anonymous', 404],
];
const STAFF_PAGES: Entry[] = [
  ['/staff/verify', 'verifier'],
  [() => `/staff/verify/${code}`, 'verifier'],
  ['/consultations/new', 'officer'],
  [() => `/consultations/${draftId}/edit`, 'officer'],
  [() => `/consultations/${consultationId}/moderation`, 'officer'],
  [() => `/consultations/${consultationId}`, 'officer'],
  ['/admin/users', 'admin'],
  ['/admin/users/new', 'admin'],
  ['/admin', 'admin'],
  ['/admin/api-keys', 'admin'],
  ['/admin/imports', 'admin'],
  ['/staff/complaints/new', 'verifier'],
  ['/staff/inbox?channel=loket', 'officer'],
];

const label = ([p, who]: Entry) => `${typeof p === 'string' ? p : p.toString().replace(/^\(\) => /, '')} as ${who}`;

describe.each([
  { name: 'phone', viewport: { width: 360, height: 740 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('accessibility on $name', ({ viewport }) => {
  it.each([...PUBLIC_PAGES, ...STAFF_PAGES].map((p) => [label(p), p] as const))(
    '%s has no serious or critical violations',
    async (_name, [p, who, status]) => {
      const path = typeof p === 'string' ? p : p();
      const ctx = await app.browser.newContext({ viewport });
      const cookie = who === 'reporter' ? accessCookie : who === 'anonymous' ? '' : cookies[who]!;
      for (const pair of cookie.split('; ').filter(Boolean)) {
        const [name, ...rest] = pair.split('=');
        await ctx.addCookies([{ name: name!, value: rest.join('='), url: app.server.url }]);
      }
      const page = await ctx.newPage();
      for (const lang of ['id', 'en']) {
        const res = await page.goto(`${app.server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        // The page itself, not a login redirect or an unexpected error page.
        expect(res?.status(), `${path} (${lang})`).toBe(status ?? 200);
        expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
        expect(await seriousViolations(page), `${path} (${lang})`).toEqual([]);
      }
      await ctx.close();
    },
  );
});

it('can be used by keyboard alone: the skip link leads to the main content', async () => {
  const ctx = await app.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${app.server.url}/`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  expect(focused).toBe('#main');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  await ctx.close();
});

it('the checker itself reports a violation when there is one', async () => {
  const ctx = await app.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${app.server.url}/`);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'text';
    document.querySelector('main')!.append(input);
  });
  expect((await seriousViolations(page)).join()).toMatch(/label/);
  await ctx.close();
});
