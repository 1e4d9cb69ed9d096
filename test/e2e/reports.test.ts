// Reports in a real browser with a seeded demo year: /reports and /statistics pass axe (phone and
// desktop), the SVG charts load as images under the page CSP (and keep their own styles), the
// period form works without JavaScript, and a number leads to its complaints.
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { seedDemo } from '../../src/server/demo/seed-demo.ts';

let hrToken: string;
let managerToken: string;

const app = useE2eApp({
  seed: async (db) => {
    await seedDemo(db.db, { complaints: 1500, seed: 9, now: new Date() });
  },
});
beforeAll(async () => {
  hrToken = (await sessionCookie(app.db.db, (await createTestUser(app.db.db, { role: 'hr' })).id)).replace(/^session=/, '');
  managerToken = (
    await sessionCookie(app.db.db, (await createTestUser(app.db.db, { role: 'manager', departmentCode: 'PUPR' })).id)
  ).replace(/^session=/, '');
});

async function hrContext(viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await app.browser.newContext({ viewport, javaScriptEnabled });
  await ctx.addCookies([{ name: 'session', value: hrToken, url: app.server.url }]);
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
      await page.goto(`${app.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
      const images = await page.$$eval('img.chart', (imgs) =>
        imgs.map((i) => ({ ok: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0, alt: i.getAttribute('alt') })),
      );
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
  await page.goto(`${app.server.url}/reports`);
  await page.selectOption('#r-period', 'quarter');
  await page.selectOption('#r-department', 'PUPR');
  await page.click('form.filters button[type=submit]');
  expect(page.url()).toContain('period=quarter');
  expect(page.url()).toContain('department=PUPR');
  // The full summary sits in a collapsible section below the headline and charts.
  await page.click('#details-summary > summary');
  const volume = page.locator('#summary .metric').first().locator('a');
  const count = Number((await volume.textContent())!.trim());
  await volume.click();
  expect(page.url()).toContain('/reports/complaints?');
  expect(await page.locator('#drill-list tbody tr').count()).toBe(Math.min(50, count));
  expect(await page.locator('#drill-count').getAttribute('data-total')).toBe(String(count));
  await ctx.close();
});

describe('public statistics on a 360 px phone', () => {
  /** Cells that stick out past the right edge of the viewport (hidden ones excluded). */
  const outside = (page: import('playwright-core').Page, selector: string) =>
    page.$$eval(selector, (cells) =>
      cells
        .filter((c) => c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((c) => (c.textContent ?? '').trim().slice(0, 40)),
    );

  it('keeps every figure on screen (rows stacked), the months readable, the chart left to the table, and passes axe', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/statistics`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.locator('#public-departments tbody tr').count()).toBeGreaterThan(0);
    expect(await outside(page, '#public-departments tbody th, #public-departments tbody td')).toEqual([]);
    expect(await outside(page, '#public-months tbody th, #public-months tbody td')).toEqual([]);
    // Each stacked figure says what it is.
    await expect(page.locator('#public-departments tbody tr').first().innerText()).resolves.toContain('Tanggapan tepat waktu');
    // Months as people write them ("Des 2025"), not "2025-12".
    const months = await page.locator('#public-months tbody th').allInnerTexts();
    expect(months).toHaveLength(12);
    for (const m of months) expect(m).toMatch(/^(Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}$/);
    // Twelve months of chart do not fit a phone legibly: the table carries the same figures.
    await expect(page.locator('img.chart').isVisible()).resolves.toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${app.server.url}/statistics?lang=en`);
    for (const m of await page.locator('#public-months tbody th').allInnerTexts())
      expect(m).toMatch(/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}$/);
    await ctx.close();
  });

  it('shows the chart beside the table on a wide screen', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/statistics`);
    await expect(page.locator('img.chart').isVisible()).resolves.toBe(true);
    await ctx.close();
  });
});

describe.each([
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 360, height: 740 } },
])('a department manager on $name', ({ viewport }) => {
  it('goes from the headline to the overdue list, reassigns a complaint on its staff page and comes back to the list, axe clean; the charts speak Indonesian', async () => {
    const ctx = await app.browser.newContext({ viewport });
    await ctx.addCookies([{ name: 'session', value: managerToken, url: app.server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/reports?period=year`);
    expect(await seriousViolations(page), '/reports').toEqual([]);
    // Months in the Indonesian locale in the trend table and in the chart ("Agu", "Okt", "Des"; never "2026-08").
    const months = await page.locator('#table-trend tbody th').allTextContents();
    expect(months).toHaveLength(12);
    for (const m of months) expect(m).toMatch(/^[A-Z][a-z]{2} \d{4}\*?$/);
    expect(months.some((m) => m.startsWith('Agu '))).toBe(true);
    expect(months.some((m) => m.startsWith('Okt '))).toBe(true);
    const svg = await (await page.request.get(`${app.server.url}/reports/charts/trend.svg?period=year&lang=id`)).text();
    expect(svg).toContain('>Agu<');
    // Headline → the overdue list.
    await page.click('#headline [data-key=overdue] a');
    expect(new URL(page.url()).pathname).toBe('/reports/overdue');
    expect(await seriousViolations(page), '/reports/overdue').toEqual([]);
    const total = Number(await page.locator('#overdue-count').getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    const listUrl = page.url();
    const first = page.locator('#table-overdue tbody tr').first();
    const code = await first.getAttribute('data-code');
    await first.locator('a').first().click();
    expect(new URL(page.url()).pathname).toBe(`/staff/complaints/${code}`);
    expect(await seriousViolations(page), 'staff page').toEqual([]);
    // Reassign to another officer of the department.
    const current = await page.locator('#assign-assignee').inputValue();
    const other = await page
      .locator('#assign-assignee option')
      .evaluateAll((os, cur) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v !== cur), current);
    await page.selectOption('#assign-assignee', other!);
    await page.click('#form-assign button[value=assign]');
    await page.waitForURL(/done=1/);
    expect(await page.locator('.notice.ok').count()).toBe(1);
    expect(await seriousViolations(page), 'staff page after assigning').toEqual([]);
    const row = await app.db.db.selectFrom('complaints').select('assignee_user_id').where('code', '=', code!).executeTakeFirstOrThrow();
    expect(String(row.assignee_user_id)).toBe(other);
    // Back to the same list.
    await page.click('#back-to-list');
    expect(page.url()).toBe(listUrl);
    await ctx.close();
  }, 180_000);
});
