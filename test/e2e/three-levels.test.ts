// The Jakarta complaint form with three area levels (kota administrasi → kecamatan → kelurahan), with
// JavaScript on (dependent selects) and off (the "Pilih kota" and "Pilih kecamatan" steps, input kept):
// filed in Tebet, the complaint lands with the Suku Dinas SDA Jakarta Selatan. Axe-clean in both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { parseConfig } from '../../src/server/config.ts';
import { launchBrowser } from '../support/browser.ts';
import { allViolations } from '../support/a11y.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDb({ migrate: false });
  await prepareDatabase(db.db, 'jakarta', parseConfig({ REGION: 'jakarta' }).timeZone);
  server = await startServer({ DATABASE_URL: db.url, REGION: 'jakarta', COMPLAINT_MIN_FILL_SECONDS: '0' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.cleanup();
});

const optionValues = (page: Page, id: string) =>
  page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

/** Axe over the page as it is now; without JavaScript, over the same markup with the page's scripts blocked. */
async function axeClean(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) {
    expect(await allViolations(page)).toEqual([]);
    return;
  }
  const html = await page.content();
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const copy = await ctx.newPage();
  await copy.route(/\.(js|mjs)(\?|$)/, (r) => r.abort());
  await copy.route(`${server.url}/axe-copy`, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await copy.goto(`${server.url}/axe-copy`);
  expect(await allViolations(copy)).toEqual([]);
  await ctx.close();
}

describe.each([true, false])('Jakarta complaint form with three area levels (JavaScript %s)', (javaScriptEnabled) => {
  it(
    'narrows kecamatan by kota and kelurahan by kecamatan, keeps what was typed, and files to the Suku Dinas',
    { timeout: 120_000 },
    async () => {
      const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
      const page = await ctx.newPage();
      const title = `Saluran meluap di Tebet ${javaScriptEnabled ? 'pagi' : 'sore'}`;
      await page.goto(`${server.url}/complaints/new`);
      await expect(page.getByLabel('Kota/kabupaten administrasi').isVisible()).resolves.toBe(true);
      expect(await optionValues(page, 'kota')).toEqual(['31.01', '31.71', '31.72', '31.73', '31.74', '31.75']);
      expect((await optionValues(page, 'kecamatan')).length).toBe(44);
      await axeClean(page, javaScriptEnabled);
      await page.getByLabel('Judul').fill(title);
      await page.getByLabel('Uraian').fill('Saluran air di depan rumah tersumbat sampah, air meluap ke jalan setiap hujan.');
      await page.getByLabel(/^Drainase tersumbat/).check();

      await page.getByLabel('Kota/kabupaten administrasi').selectOption('31.74');
      if (javaScriptEnabled) {
        // The step buttons are gone; the lists follow at once.
        await expect(page.locator('#kota-step').count()).resolves.toBe(0);
        await expect(page.locator('#kecamatan-step').count()).resolves.toBe(0);
      } else {
        await page.getByRole('button', { name: 'Pilih kota' }).click();
        await expect(page.locator('#location-status').textContent()).resolves.toContain('Kota Administrasi Jakarta Selatan');
        await expect(page.getByLabel('Judul').inputValue()).resolves.toBe(title);
        await expect(page.getByLabel(/^Drainase tersumbat/).isChecked()).resolves.toBe(true);
      }
      const kecamatan = await optionValues(page, 'kecamatan');
      expect(kecamatan).toHaveLength(10);
      expect(kecamatan.every((c) => c.startsWith('31.74.'))).toBe(true);
      expect((await optionValues(page, 'kelurahan')).every((c) => c.startsWith('31.74.'))).toBe(true);
      await expect(page.getByLabel('Kota/kabupaten administrasi').inputValue()).resolves.toBe('31.74');

      await page.getByLabel('Kecamatan', { exact: true }).selectOption({ label: 'Tebet' });
      if (!javaScriptEnabled) {
        await page.getByRole('button', { name: 'Pilih kecamatan' }).click();
        await expect(page.getByLabel('Judul').inputValue()).resolves.toBe(title);
      }
      const kelurahan = await optionValues(page, 'kelurahan');
      expect(kelurahan.length).toBeGreaterThan(0);
      expect(kelurahan.every((c) => c.startsWith('31.74.01.'))).toBe(true);
      await axeClean(page, javaScriptEnabled);

      await page.getByLabel('Kelurahan').selectOption({ label: 'Tebet Timur' });
      await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
      await page.waitForURL(`${server.url}/complaints/submitted`);
      const row = await db.db
        .selectFrom('complaints as c')
        .innerJoin('units as u', 'u.id', 'c.unit_id')
        .select(['c.kecamatan_code', 'c.kelurahan_code', 'u.code as unit'])
        .where('c.title', '=', title)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ kecamatan_code: '31.74.01', kelurahan_code: '31.74.01.1001', unit: 'SDA-JS' });
      await ctx.close();
    },
  );
});
