// A resident on a 360 px phone: the home page names the government that runs the portal and its
// official website, "my complaints" reads without scrolling sideways, and the complaint form says
// who handles a category once, beside the one chosen. Each page passes axe.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';

const PHONE = { width: 360, height: 740 };

const app = useE2eApp({ env: { COMPLAINTS_PER_HOUR: '1000', COMPLAINTS_PER_ADDRESS_HOUR: '1000', COMPLAINT_MIN_FILL_SECONDS: '0' } });

/** The page is no wider than the phone: nothing to scroll sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Cells of `selector` that stick out past the right edge of the viewport (hidden cells excluded). */
const cellsOutside = (page: Page, selector: string) =>
  page.$$eval(selector, (cells) =>
    cells
      .filter((c) => c.getBoundingClientRect().width > 0)
      .filter((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((c) => (c.textContent ?? '').trim().slice(0, 40)),
  );

// Layout is CSS only (the pages work without JavaScript); the measurements and axe need it in the browser.
describe('on a 360 px phone', () => {
  it('the home page names the government that runs the portal and links its official website', async () => {
    const ctx = await app.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/`);
    await expect(page.locator('#portal-operator').textContent()).resolves.toContain(
      'Portal ini dijalankan oleh Pemerintah Kota Palembang.',
    );
    const site = page.getByRole('link', { name: 'www.palembang.go.id' });
    await expect(site.getAttribute('href')).resolves.toBe('http://www.palembang.go.id/');
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${app.server.url}/?lang=en`);
    await expect(page.locator('#portal-operator').textContent()).resolves.toContain('This portal is run by Pemerintah Kota Palembang.');
    await ctx.close();
  });

  it('"my complaints" fits the screen: every complaint readable without scrolling sideways', async () => {
    const user = await createTestUser(app.db.db);
    const cookie = await sessionCookie(app.db.db, user.id);
    for (const title of ['Lampu penerangan jalan umum padam sepanjang Jalan Demang Lebar Daun', 'Sampah menumpuk di TPS']) {
      await readReceipt(app.server.url, await postComplaint(app.server.url, complaintFields({ title }), [], cookie));
    }
    const ctx = await app.browser.newContext({ viewport: PHONE });
    await ctx.addCookies([{ name: 'session', value: cookie.replace(/^session=/, ''), url: app.server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/me/complaints`);
    await expect(page.locator('main table tbody tr').count()).resolves.toBe(2);
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await cellsOutside(page, 'main table tbody td')).toEqual([]);
    // The state and the date keep their names when the columns stack.
    await expect(page.locator('main table tbody tr').first().textContent()).resolves.toMatch(/Status.*Diajukan/s);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  });
});

describe('the complaint form on a phone', () => {
  it('shows "handled by … working days" once, beside the category chosen, and follows a new choice', async () => {
    const ctx = await app.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/complaints/new`);
    const handling = page.locator('.complaint-form').getByText(/Ditangani oleh|Petugas verifikasi menentukan/);
    await expect(handling.count()).resolves.toBe(0);
    await page.locator('input[name="category"][value="pencemaran"]').check();
    await expect(handling.count()).resolves.toBe(1);
    const first = (await handling.first().textContent()) ?? '';
    expect(first).toMatch(/hari kerja/);
    // Beside the chosen category, inside its label.
    await expect(page.locator('label:has(input[value="pencemaran"]) #category-handling').count()).resolves.toBe(1);
    await page.locator('input[name="category"][value="sampah"]').check();
    await expect(handling.count()).resolves.toBe(1);
    await expect(page.locator('label:has(input[value="sampah"]) #category-handling').count()).resolves.toBe(1);
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  });
});
