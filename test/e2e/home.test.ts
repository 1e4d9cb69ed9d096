// A visitor on a 360 px phone: home page, language switch (remembered), and the 404 page, with and without JavaScript.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';

const app = useE2eApp();

describe.each([true, false])('home page (JavaScript %s)', (javaScriptEnabled) => {
  it('fits a 360 px phone and links to the four ways in', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Suara Warga');
    // No horizontal scrolling on a small phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).catch(() => 0);
    if (javaScriptEnabled) expect(overflow).toBeLessThanOrEqual(0);
    for (const name of ['Ajukan pengaduan', 'Lacak pengaduan', 'Konsultasi publik', 'Statistik layanan']) {
      await expect(page.getByRole('link', { name, exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await ctx.close();
  });

  it('switches to English and stays in English on the next page', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/`);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('link', { name: 'Track a complaint' }).first().click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await ctx.close();
  });

  it('shows the 404 page for an unknown address', async () => {
    const ctx = await app.browser.newContext({ javaScriptEnabled });
    const page = await ctx.newPage();
    const res = await page.goto(`${app.server.url}/tidak-ada`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Halaman tidak ditemukan');
    await ctx.close();
  });
});

it('loads htmx from our own origin without CSP violations', async () => {
  const ctx = await app.browser.newContext();
  const page = await ctx.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${app.server.url}/`);
  await page.waitForFunction(() => typeof (window as unknown as { htmx?: unknown }).htmx === 'object');
  expect(violations).toEqual([]);
  await ctx.close();
});
