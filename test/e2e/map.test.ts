// The map on a cheap phone: 360 px wide, slow 3G, tiles from a stub on loopback (nothing may reach the
// internet: every other request is refused and recorded). With JavaScript a pin dropped on the map
// fills the point and pre-selects the nearest kelurahan, and the complaint is filed with them; without
// it the "Pilih kecamatan" step narrows the list and a typed point pre-selects the kelurahan. The public
// map shows the pins. axe finds nothing serious on the pages with a map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { seriousViolations } from '../support/a11y.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startTileServer, type TileServer } from '../support/tile-server.ts';
import { nearestKelurahan, regionGeo } from '../../src/server/geo/region-geo.ts';

let db: TestDb;
let server: RunningServer;
let tiles: TileServer;
let browser: Browser;
let uploadDir: string;
const outside: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  tiles = await startTileServer();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-map-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINT_MIN_FILL_SECONDS: '0',
    MAP_TILE_URL: tiles.template,
    MAP_TILE_ATTRIBUTION: '© Kontributor OpenStreetMap',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await tiles?.close();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
  // Every request the pages made went to the portal or the tile stub.
  expect(outside).toEqual([]);
});

/** A 360 px phone on slow 3G (Lighthouse's mobile throttling: 400 ms RTT, 400 kbit/s both ways). */
async function phone(javaScriptEnabled: boolean): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled,
    geolocation: { latitude: -2.990506, longitude: 104.759868 },
    permissions: ['geolocation'],
  });
  await ctx.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  return { ctx, page };
}

async function fillText(page: Page, title: string) {
  await page.getByLabel('Judul').fill(title);
  await page.getByLabel(/Lainnya atau tidak tahu/).check();
  await page.getByLabel('Uraian').fill('Lampu jalan padam sepanjang gang sejak seminggu, gelap dan rawan di malam hari.');
}

const row = (title: string) =>
  db.db
    .selectFrom('complaints')
    .select(['code', 'kecamatan_code', 'kelurahan_code', 'latitude', 'longitude'])
    .where('title', '=', title)
    .executeTakeFirst();

describe('the map on a phone', () => {
  it('files a complaint by dropping and dragging a pin (JavaScript on)', async () => {
    const { ctx, page } = await phone(true);
    await page.goto(`${server.url}/complaints/new`);
    const map = page.locator('#location-map');
    await expect.poll(() => map.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.locator('#location-map img.leaflet-tile-loaded').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(tiles.served.length).toBeGreaterThan(0);
    // Without JavaScript's step there is nothing to press: the button is gone.
    expect(await page.locator('#kecamatan-step').count()).toBe(0);
    await fillText(page, 'Lampu jalan padam (pin)');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('#latitude').inputValue()).not.toBe('');
    const first = { lat: Number(await page.locator('#latitude').inputValue()), lng: Number(await page.locator('#longitude').inputValue()) };
    const near = nearestKelurahan(regionGeo('palembang'), first.lat, first.lng)!;
    expect(near).not.toBeNull();
    expect(await page.locator('#kecamatan').inputValue()).toBe(near.kecamatan);
    expect(await page.locator('#kelurahan').inputValue()).toBe(near.kelurahan);
    await expect.poll(() => page.locator('#location-status').textContent()).toMatch(/^Dipilih dari titik di peta: Kelurahan /);
    // Dragged 60 px right: the point (and perhaps the kelurahan) follow.
    const pin = (await page.locator('.map-pin').boundingBox())!;
    await page.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await page.mouse.down();
    await page.mouse.move(pin.x + pin.width / 2 + 30, pin.y + pin.height / 2, { steps: 5 });
    await page.mouse.move(pin.x + pin.width / 2 + 60, pin.y + pin.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await page.locator('#longitude').inputValue())).toBeGreaterThan(first.lng);
    const lat = Number(await page.locator('#latitude').inputValue());
    const lng = Number(await page.locator('#longitude').inputValue());
    const moved = nearestKelurahan(regionGeo('palembang'), lat, lng)!;
    expect(await page.locator('#kelurahan').inputValue()).toBe(moved.kelurahan);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await page.waitForURL(`${server.url}/complaints/submitted`, { timeout: 30_000 });
    const stored = await row('Lampu jalan padam (pin)');
    expect(stored).toMatchObject({ kecamatan_code: moved.kecamatan, kelurahan_code: moved.kelurahan });
    expect([Number(stored!.latitude), Number(stored!.longitude)]).toEqual([lat, lng]);
    // Its page shows the point on a small map.
    await page.goto(`${server.url}/complaints/${stored!.code}`);
    await expect.poll(() => page.locator('#complaint-point-map .map-pin').count(), { timeout: 30_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 150_000);

  it('centres the pin on "Gunakan lokasi saya"', async () => {
    const { ctx, page } = await phone(true);
    await page.goto(`${server.url}/complaints/new`);
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await expect.poll(() => page.locator('#latitude').inputValue(), { timeout: 30_000 }).toBe('-2.990506');
    expect(await page.locator('#longitude').inputValue()).toBe('104.759868');
    // The centroid of 19 Ilir (db/reference/palembang/area-points.csv).
    expect(await page.locator('#kelurahan').inputValue()).toBe('16.71.11.1001');
    expect(await page.locator('.map-pin').count()).toBe(1);
    await ctx.close();
  }, 150_000);

  it('files with JavaScript off: the "Pilih kecamatan" step narrows the list, a typed point pre-selects', async () => {
    const { ctx, page } = await phone(false);
    await page.goto(`${server.url}/complaints/new`);
    expect(await page.locator('#location-map').isVisible()).toBe(false);
    await fillText(page, 'Lampu jalan padam (tanpa JS)');
    await page.getByLabel('Kecamatan', { exact: true }).selectOption({ label: 'Seberang Ulu I' });
    await page.getByRole('button', { name: 'Pilih kecamatan' }).click();
    await page.waitForLoadState('load');
    const groups = await page.locator('#kelurahan optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
    expect(groups).toEqual(['Seberang Ulu I']);
    expect(await page.getByLabel('Judul').inputValue()).toBe('Lampu jalan padam (tanpa JS)');
    expect(await page.locator('#location-status').textContent()).toBe('Daftar kelurahan disaring untuk Kecamatan Seberang Ulu I.');
    // A point typed instead of a kelurahan: the form comes back with the nearest one chosen.
    await page.getByLabel('Lintang (opsional)').fill('-3.011022');
    await page.getByLabel('Bujur (opsional)').fill('104.753086');
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#kelurahan').inputValue()).toBe('16.71.02.1002');
    expect(await page.locator('#location-status').textContent()).toContain('Kelurahan 1 Ulu, Kecamatan Seberang Ulu I');
    expect(await row('Lampu jalan padam (tanpa JS)')).toBeUndefined();
    // (axe needs the page's JavaScript; the same markup is audited with it on in the first test.)
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await page.waitForURL(`${server.url}/complaints/submitted`, { timeout: 30_000 });
    expect(await row('Lampu jalan padam (tanpa JS)')).toMatchObject({ kelurahan_code: '16.71.02.1002' });
    await ctx.close();
  }, 150_000);

  it('shows the filed complaints as pins on /complaints/map, and as a table without JavaScript', async () => {
    const { ctx, page } = await phone(true);
    await page.goto(`${server.url}/complaints`);
    await page.getByRole('link', { name: 'Peta' }).click();
    await page.waitForURL(`${server.url}/complaints/map`);
    await expect
      .poll(() => page.locator('#complaint-map .map-marker, #complaint-map .map-cluster').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('.map-table tbody tr').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
    const off = await phone(false);
    await off.page.goto(`${server.url}/complaints/map`);
    expect(await off.page.locator('#complaint-map').isVisible()).toBe(false);
    expect(await off.page.locator('.map-table tbody tr').count()).toBe(2);
    await off.ctx.close();
  }, 150_000);
});
