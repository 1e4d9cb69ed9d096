// The officers' part of the development cycle in a real browser: an officer proposes a training need and
// comments on the draft plan with JavaScript off; /me/training, the JP ledger and the plan editor with staff
// evidence pass axe on a 360 px phone without horizontal page scrolling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let browser: Browser;
const tokens: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  db = await createTestDb();
  const dinkes = await db.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow();
  const officer = await createTestUser(db.db, {
    role: 'officer',
    departmentCode: 'DINKES',
    nip: '198801012015011001',
    name: 'Ani Petugas',
  });
  await db.db
    .insertInto('training_plans')
    .values({ department_id: dinkes.id, year: YEAR, officer_count: 3, created_by: null, created_at: 1, updated_at: 1 })
    .execute();
  // A completed training this plan year, so the trainings table is on the page.
  const t = await db.db
    .insertInto('trainings')
    .values({
      department_id: dinkes.id,
      plan_item_id: null,
      year: YEAR,
      title: 'Bimbingan teknis komunikasi layanan publik bagi petugas pengaduan',
      competency_id: null,
      kind: 'teknis',
      jalur: 'klasikal',
      bentuk: 'bimbingan_teknis',
      provider: 'BPSDM Provinsi',
      starts_on: `${YEAR}-02-02`,
      ends_on: `${YEAR}-02-04`,
      jp: 24,
      capacity: null,
      evaluation_survey_id: null,
      created_by: null,
      created_at: 1,
      updated_at: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.db
    .insertInto('training_participants')
    .values({
      training_id: t.id,
      user_id: officer.id,
      nip: '198801012015011001',
      name: 'Ani Petugas',
      department_id: dinkes.id,
      status: 'completed',
      completed_at: 1,
      jp_credited: 24,
      certificate_no: 'STTPP/2027/000123/BPSDM-SUMSEL',
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  server = await startServer({ DATABASE_URL: db.url });
  browser = await launchBrowser();
  tokens.officer = (await sessionCookie(db.db, officer.id)).replace(/^session=/, '');
  tokens.hr = (await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id)).replace(/^session=/, '');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.cleanup();
});

async function open(who: string, javaScriptEnabled = true) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  await ctx.addCookies([{ name: 'session', value: tokens[who]!, url: server.url }]);
  return ctx;
}

describe('officers in the development cycle, in the browser', () => {
  it('an officer proposes a need and comments on the draft plan with JavaScript off', async () => {
    const ctx = await open('officer', false);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/me/training?year=${YEAR}`);
    await page.getByLabel('Kompetensi', { exact: true }).selectOption({ label: 'Komunikasi' });
    await page.getByLabel('Alasan').fill('pendek');
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    expect(await page.locator('#pr-reason-error').textContent()).toContain('Tulis alasan');
    expect(await page.getByLabel('Alasan').inputValue()).toBe('pendek');
    await page.getByLabel('Alasan').fill('Tanggapan saya kepada pelapor perlu lebih jelas.');
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('Usulan Anda tercatat');
    expect(await page.locator('#my-proposals').textContent()).toContain('Tanggapan saya kepada pelapor perlu lebih jelas.');
    await page.getByLabel('Komentar Anda').fill('Mohon jadwal di luar akhir bulan.');
    await page.getByRole('button', { name: 'Kirim komentar' }).click();
    await expect.poll(() => page.locator('#plan-comments').textContent()).toContain('Mohon jadwal di luar akhir bulan.');
    await ctx.close();
  });

  it('/me/training, the JP ledger and the plan editor pass axe on a phone without sideways scrolling', async () => {
    for (const [who, path] of [
      ['officer', `/me/training?year=${YEAR}`],
      ['hr', '/reports/development/jp?department=DINKES'],
      ['hr', `/reports/development/plan?department=DINKES&year=${YEAR}`],
    ] as const) {
      const ctx = await open(who);
      const page = await ctx.newPage();
      await page.goto(`${server.url}${path}`);
      if (who === 'officer') expect(await page.locator('#trainings table').count()).toBe(1);
      expect(await seriousViolations(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await ctx.close();
    }
  });
});
