// Reports in a real browser with a seeded demo year: /reports and /statistics pass axe (phone and
// desktop), the SVG charts load as images under the page CSP (and keep their own styles), the
// period form works without JavaScript, and a number leads to its complaints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';

let db: TestDb;
let server: RunningServer;
let browser: Browser;
let hrToken: string;

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.db, { complaints: 1500, seed: 9, now: new Date() });
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

describe.each([
  { name: 'phone', viewport: { width: 360, height: 740 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('reports on $name', ({ viewport }) => {
  it('/reports and /statistics have no serious violations, and their charts render as images', async () => {
    const ctx = await hrContext(viewport);
    const page = await ctx.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    for (const path of ['/reports?period=year', '/statistics']) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
      const images = await page.$$eval('img.chart', (imgs) => imgs.map((i) => ({ ok: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0, alt: i.getAttribute('alt') })));
      expect(images.length, path).toBeGreaterThan(0);
      for (const img of images) {
        expect(img.ok).toBe(true);
        expect(img.alt).toBeTruthy();
      }
    }
    expect(cspErrors).toEqual([]);
    await ctx.close();
  });
});

it('the period form works without JavaScript, and a number opens its complaints', async () => {
  const ctx = await hrContext({ width: 1280, height: 800 }, false);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/reports`);
  await page.selectOption('#r-period', 'quarter');
  await page.selectOption('#r-department', 'PUPR');
  await page.click('form.filters button[type=submit]');
  expect(page.url()).toContain('period=quarter');
  expect(page.url()).toContain('department=PUPR');
  const volume = page.locator('#summary .metric').first().locator('a');
  const count = Number((await volume.textContent())!.trim());
  await volume.click();
  expect(page.url()).toContain('/reports/complaints?');
  expect(await page.locator('#drill-list tbody tr').count()).toBe(Math.min(500, count));
  await ctx.close();
});
