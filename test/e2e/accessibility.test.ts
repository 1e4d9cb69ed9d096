// axe-core on every public page (and, as they land, the main staff pages): no serious or critical
// violation, on a phone and a desktop viewport, in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.cleanup();
});

const PUBLIC_PAGES = ['/', '/complaints/new', '/track', '/complaints', '/consultations', '/statistics', '/privacy', '/tidak-ada'];

describe.each([
  { name: 'phone', viewport: { width: 360, height: 740 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('accessibility on $name', ({ viewport }) => {
  it.each(PUBLIC_PAGES)('%s has no serious or critical violations', async (path) => {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    for (const lang of ['id', 'en']) {
      await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(await seriousViolations(page), `${path} (${lang})`).toEqual([]);
    }
    await ctx.close();
  });
});

it('can be used by keyboard alone: the skip link leads to the main content', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  expect(focused).toBe('#main');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  await ctx.close();
});

it('the checker itself reports a violation when there is one', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'text';
    document.querySelector('main')!.append(input);
  });
  expect((await seriousViolations(page)).join()).toMatch(/label/);
  await ctx.close();
});
