// Development priorities in a real browser: the ranking and the plan pass axe on a 360 px phone and on a
// desktop without horizontal scrolling of the page, HR drafts and edits a plan with JavaScript off, and the
// admin pages of the catalogue and the category mapping pass axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedDevelopmentFixture } from '../support/development.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let browser: Browser;
let hrToken: string;

beforeAll(async () => {
  db = await createTestDb();
  await seedDevelopmentFixture(db.db);
  server = await startServer({ DATABASE_URL: db.url });
  browser = await launchBrowser();
  hrToken = (await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id)).replace(/^session=/, '');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.cleanup();
});

async function hrContext(viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport, javaScriptEnabled });
  await ctx.addCookies([{ name: 'session', value: hrToken, url: server.url }]);
  return ctx;
}

const RANKING = '/reports/development?period=year&at=2025-01-01&department=DINKES';
const PLAN = '/reports/development/plan?department=DINKES&year=2026';

describe('development priorities in the browser', () => {
  it('HR drafts and edits a plan with JavaScript off', async () => {
    const ctx = await hrContext({ width: 360, height: 740 }, false);
    const page = await ctx.newPage();
    await page.goto(`${server.url}${PLAN}`);
    await page.getByRole('button', { name: /Susun rancangan dari prioritas 2025/ }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('Rancangan rencana disusun');
    const first = page.locator('form.plan-item').first();
    await first.getByLabel('JP (jam pelajaran)').fill('0');
    await first.getByRole('button', { name: 'Simpan kegiatan' }).click();
    expect(await page.locator('.field-error').first().textContent()).toContain('JP harus bilangan bulat 1 sampai 200.');
    await page.locator('form.plan-item').first().getByLabel('JP (jam pelajaran)').fill('10');
    await page.locator('form.plan-item').first().getByRole('button', { name: 'Simpan kegiatan' }).click();
    expect(await page.locator('#jp-check').textContent()).toContain('PNS yang direncanakan kurang dari 20 JP: 0 dari');
    await ctx.close();
  });

  it('the admin pages for the catalogue and the category mapping pass axe on a phone', async () => {
    const admin = await createTestUser(db.db, { role: 'admin' });
    const token = (await sessionCookie(db.db, admin.id)).replace(/^session=/, '');
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await ctx.addCookies([{ name: 'session', value: token, url: server.url }]);
    const page = await ctx.newPage();
    const k = await db.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow();
    for (const path of [`/admin/competencies?edit=${k.id}`, '/admin/categories/puskesmas']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await ctx.close();
  });

  for (const viewport of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ]) {
    it(`ranking and plan pass axe at ${viewport.width} px without horizontal page scrolling`, async () => {
      const ctx = await hrContext(viewport);
      const page = await ctx.newPage();
      for (const path of [RANKING, PLAN]) {
        await page.goto(`${server.url}${path}`);
        expect(await seriousViolations(page), path).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
      await ctx.close();
    });
  }
});
