// Appraisal evidence in a real browser: the pages pass axe on a phone and a desktop without sideways
// scrolling, and the journey works without JavaScript — the officer writes an umpan balik, the manager
// notes and locks, HR downloads the locked evidence.
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { sessionCookie } from '../support/users.ts';
import { PERIOD, REPORTER, seedAppraisalFixture, type AppraisalFixture } from '../support/appraisal.ts';

let f: AppraisalFixture;
const tokens: Record<string, string> = {};

const app = useE2eApp({
  seed: async (db) => {
    f = await seedAppraisalFixture(db.db);
  },
});
beforeAll(async () => {
  for (const [k, id] of Object.entries({ alfa: f.alfa.id, managerPupr: f.managerPupr, hr: f.hr }))
    tokens[k] = (await sessionCookie(app.db.db, id)).replace(/^session=/, '');
});

async function as(who: string, viewport = { width: 1280, height: 800 }, javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await app.browser.newContext({ viewport, javaScriptEnabled, acceptDownloads: true });
  await ctx.addCookies([{ name: 'session', value: tokens[who]!, url: app.server.url }]);
  return ctx;
}

describe.each([
  { name: 'phone', viewport: { width: 360, height: 740 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('appraisal pages on $name', ({ name, viewport }) => {
  it('have no serious axe violations and no sideways scrolling', async () => {
    for (const [who, path] of [
      ['alfa', `/me/evidence?period=${PERIOD}`],
      ['managerPupr', `/reports/evidence?period=${PERIOD}`],
      ['managerPupr', `/reports/evidence/${f.beta.nip}?period=${PERIOD}`],
    ] as const) {
      const ctx = await as(who, viewport);
      const page = await ctx.newPage();
      await page.goto(`${app.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      if (process.env.SCREENSHOT_DIR)
        await page.screenshot({
          path: `${process.env.SCREENSHOT_DIR}/${name}-${who}-${path.split('?')[0]!.replace(/\W+/g, '_')}.png`,
          fullPage: true,
        });
      await ctx.close();
    }
  });
});

it('officer writes an umpan balik, the manager locks, HR downloads — without JavaScript', async () => {
  const officer = await as('alfa', { width: 360, height: 740 }, false);
  let page = await officer.newPage();
  await page.goto(`${app.server.url}/me/evidence?period=${PERIOD}`);
  await page.fill('#response', 'Oktober banjir besar; dua kasus menunggu alat berat.');
  await page.click('#h-response ~ form button[type=submit]');
  expect(page.url()).toContain('saved=1');
  expect(await page.locator('#response').inputValue()).toContain('alat berat');
  await officer.close();

  const manager = await as('managerPupr', { width: 1280, height: 800 }, false);
  page = await manager.newPage();
  await page.goto(`${app.server.url}/reports/evidence?period=${PERIOD}`);
  await page.click(`a[href^="/reports/evidence/${f.alfa.nip}"]`);
  expect(await page.locator('#officer-response').textContent()).toContain('alat berat');
  await page.fill('#note', 'Teliti; tanggapan cepat.');
  await page.click('form:has(#note) button[type=submit]');
  expect(page.url()).toContain('done=note');
  await page.check('#confirm');
  await page.click('form:has(#confirm) button[type=submit]');
  expect(page.url()).toContain('done=lock');
  expect(await page.locator('#locked').count()).toBe(1);
  expect(await page.locator('#note').count()).toBe(0);
  await manager.close();

  const hr = await as('hr', { width: 1280, height: 800 }, false);
  page = await hr.newPage();
  await page.goto(`${app.server.url}/reports/evidence?period=${PERIOD}&department=PUPR`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/reports/evidence/export.csv"]')]);
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv).toContain(`${f.alfa.nip},${PERIOD}`);
  expect(csv).toContain('alat berat');
  for (const v of Object.values(REPORTER)) expect(csv).not.toContain(v);
  await hr.close();
});
