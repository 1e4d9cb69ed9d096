// A visitor on a 360 px phone files a complaint with a photo and follows it with /track, with JavaScript
// on and off; a verifier then routes it from the queue, and the visitor sees the new state.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { allViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, jpeg, postComplaint } from '../support/complaints.ts';

const app = useE2eApp({
  // Playwright fills a form faster than any person; the minimum fill time is tested over HTTP instead.
  env: { COMPLAINT_MIN_FILL_SECONDS: '0' },
  uploads: true,
});

/** WCAG 2.x A/AA rules from axe-core; returns the ids of violated rules. */

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.each([true, false])('filing and following a complaint (JavaScript %s)', (javaScriptEnabled) => {
  it('files with a photo on a phone, tracks it with code and key, and sees it routed by a verifier', async () => {
    const ctx = await app.browser.newContext({
      viewport: { width: 360, height: 740 },
      javaScriptEnabled,
      geolocation: { latitude: -2.990934, longitude: 104.756554 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const title = `Saluran tersumbat di gang ${javaScriptEnabled ? 'Mawar' : 'Melati'}`;
    await page.goto(`${app.server.url}/complaints/new`);
    if (javaScriptEnabled) {
      await noHorizontalScroll(page);
      expect(await allViolations(page)).toEqual([]);
    }

    // First try: missing fields → messages beside the fields, what was typed kept.
    await page.getByLabel('Judul').fill(title);
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Pilih kategori.');
    await expect(page.getByLabel('Judul').inputValue()).resolves.toBe(title);
    if (javaScriptEnabled) expect(await allViolations(page)).toEqual([]);

    if (javaScriptEnabled) {
      // The search narrows the category list.
      await page.getByLabel('Cari kategori').fill('pencemaran');
      await expect(page.getByText('Jalan rusak atau berlubang').isVisible()).resolves.toBe(false);
    }
    await page.getByLabel(/Pencemaran lingkungan/).check();
    await page.getByLabel('Uraian').fill('Saluran air di gang tersumbat sampah sejak seminggu, air meluap ke rumah warga setiap hujan.');
    await page.getByLabel('Kecamatan').selectOption({ label: 'Ilir Barat II' });
    if (javaScriptEnabled) {
      // Only the chosen kecamatan's kelurahan remain.
      const groups = await page.locator('#kelurahan optgroup:not([hidden])').count();
      expect(groups).toBe(1);
    }
    await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
    if (javaScriptEnabled) {
      await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
      await page.waitForFunction(() => (document.querySelector('#latitude') as HTMLInputElement).value !== '');
      // The point also pre-selects the nearest kelurahan, and says which (location-picker.ts).
      await expect(page.locator('#location-status').textContent()).resolves.toMatch(
        /^Lokasi terisi\. Dipilih dari titik di peta: Kelurahan .+, Kecamatan .+\./,
      );
      await expect(page.getByLabel('Lintang (opsional)').inputValue()).resolves.toBe('-2.990934');
      await expect(page.getByLabel('Bujur (opsional)').inputValue()).resolves.toBe('104.756554');
    } else {
      // Without JavaScript there is no location button; the fields can be typed.
      await expect(page.getByRole('button', { name: 'Gunakan lokasi saya' }).count()).resolves.toBe(0);
    }
    await page
      .getByLabel('Foto (opsional, paling banyak 3)')
      .setInputFiles({ name: 'saluran.jpg', mimeType: 'image/jpeg', buffer: await jpeg(800, 600) });
    await page.getByLabel(/^Rahasia/).check();
    await page.getByLabel('Nama', { exact: true }).fill('Rina Pelapor');
    await page.getByLabel('Nomor telepon').fill('0812 1111 2222');
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();

    await expect(page.locator('h1').textContent()).resolves.toBe('Pengaduan terkirim');
    const code = (await page.locator('#tracking-code').textContent())!.trim();
    const key = (await page.locator('#access-key').textContent())!.trim();
    expect(code).toMatch(/^PLG-26-/);
    expect(page.url()).not.toContain(key);
    const row = await app.db.db
      .selectFrom('complaints')
      .select(['latitude', 'longitude', 'reporter_phone', 'privacy'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect([row.reporter_phone, row.privacy]).toEqual(['+6281211112222', 'confidential']);
    if (javaScriptEnabled) expect([Number(row.latitude), Number(row.longitude)]).toEqual([-2.990934, 104.756554]);
    if (javaScriptEnabled) await noHorizontalScroll(page);

    // A fresh phone (no cookies): without the key only existence and state; with it, the details.
    const other = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const p2 = await other.newPage();
    await p2.goto(`${app.server.url}/track`);
    await p2.getByLabel('Kode pelacakan').fill(code.toLowerCase());
    await p2.getByRole('button', { name: 'Lacak' }).click();
    await expect(p2.locator('#complaint-state').textContent()).resolves.toBe('Menunggu verifikasi');
    await expect(p2.getByText(title).count()).resolves.toBe(0);
    await p2.goto(`${app.server.url}/track`);
    await p2.getByLabel('Kode pelacakan').fill(code);
    await p2.getByLabel('Kunci akses (opsional)').fill(key);
    await p2.getByRole('button', { name: 'Lacak' }).click();
    expect(p2.url()).toBe(`${app.server.url}/complaints/${code}`);
    await expect(p2.getByRole('heading', { name: title }).isVisible()).resolves.toBe(true);
    const img = p2.locator('.photos img').first();
    // The photo is lazy-loaded: bring it into view and wait for it, however slow the machine.
    await img.scrollIntoViewIfNeeded();
    const width = await img.evaluate(
      (el: HTMLImageElement) =>
        new Promise<number>((resolve) => {
          if (el.complete) return resolve(el.naturalWidth);
          el.addEventListener('load', () => resolve(el.naturalWidth), { once: true });
          el.addEventListener('error', () => resolve(-1), { once: true });
        }),
    );
    // The page shows the 320 px thumbnail; its link opens the photo as stored (800 px).
    expect(width).toBe(320);
    const full = await p2.request.get(`${app.server.url}${await p2.locator('.photos a').first().getAttribute('href')}`);
    expect(full.status()).toBe(200);
    expect((await sharp(await full.body()).metadata()).width).toBe(800);
    if (javaScriptEnabled) {
      await noHorizontalScroll(p2);
      expect(await allViolations(p2)).toEqual([]);
    }

    // The verifier routes it from the queue.
    const verifier = await createTestUser(app.db.db, { role: 'verifier' });
    const staff = await app.browser.newContext({ javaScriptEnabled });
    await staff.addCookies([
      { name: 'session', value: (await sessionCookie(app.db.db, verifier.id)).slice('session='.length), url: app.server.url },
    ]);
    const sp = await staff.newPage();
    await sp.goto(`${app.server.url}/staff/verify`);
    await sp.getByRole('link', { name: code }).click();
    if (javaScriptEnabled) expect(await allViolations(sp)).toEqual([]);
    await expect(sp.getByText('Rina Pelapor').count()).resolves.toBeGreaterThan(0);
    await sp.getByLabel('Dinas', { exact: true }).selectOption({ label: 'Dinas PUPR' });
    await sp.getByRole('button', { name: 'Teruskan' }).click();
    await expect(sp.locator('h1').textContent()).resolves.toBe('Antrean verifikasi');
    await expect(sp.getByRole('link', { name: code }).count()).resolves.toBe(0);

    await p2.reload();
    await expect(p2.locator('#complaint-state').textContent()).resolves.toBe('Diteruskan ke dinas');
    await expect(p2.getByText('Diteruskan ke Dinas PUPR').isVisible()).resolves.toBe(true);
    expect(violations).toEqual([]);
    await ctx.close();
    await other.close();
    await staff.close();
  });
});

describe.each([true, false])('public list filters (JavaScript %s)', (javaScriptEnabled) => {
  it('narrows the list by state; with JavaScript only the list is swapped', async () => {
    expect((await postComplaint(app.server.url, complaintFields({ title: 'Bau sampah di pasar' }))).status).toBe(303);
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/complaints`);
    const before = await page.locator('.complaint-list li').count();
    expect(before).toBeGreaterThan(0);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Ditolak' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForFunction(() => document.querySelector('#complaint-list p.muted')?.textContent?.startsWith('0 '));
    await expect(page.getByText('Belum ada pengaduan yang cocok.').isVisible()).resolves.toBe(true);
    // Without JavaScript the form navigated; with it, htmx fetched the fragment and the page stayed.
    expect(page.url().includes('state=rejected')).toBe(!javaScriptEnabled);
    await ctx.close();
  });
});

describe.each([true, false])('a resident who makes a mistake and taps twice (JavaScript %s)', (javaScriptEnabled) => {
  it('keeps the chosen photo after a validation error, and a double tap on "Kirim" files one complaint with it', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await ctx.newPage();
    const title = `Pohon tumbang menutup jalan ${javaScriptEnabled ? 'Kenanga' : 'Kamboja'}`;
    await page.goto(`${app.server.url}/complaints/new`);
    await page.getByLabel('Judul').fill(title);
    await page.getByLabel('Uraian').fill('Pohon besar tumbang semalam dan menutup separuh jalan, kendaraan harus memutar jauh.');
    await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
    await page
      .getByLabel('Foto (opsional, paling banyak 3)')
      .setInputFiles({ name: 'pohon.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480) });
    // No category chosen: the form comes back with the message, and the photo is still there.
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Pilih kategori.');
    await expect(page.getByRole('img', { name: 'Foto 1 yang sudah dipilih' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Judul').inputValue()).resolves.toBe(title);

    await page.getByLabel(/Lainnya atau tidak tahu/).check();
    // Two quick taps on the button (with JavaScript the second finds it disabled; without, the server
    // answers the repeated form with the same receipt).
    await page.getByRole('button', { name: 'Kirim pengaduan' }).dblclick();
    await page.waitForURL(`${app.server.url}/complaints/submitted`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pengaduan terkirim');
    const code = (await page.locator('#tracking-code').textContent())!.trim();
    const rows = await app.db.db.selectFrom('complaints').select(['id', 'code']).where('title', '=', title).execute();
    expect(rows.map((r) => r.code)).toEqual([code]);
    const photos = await app.db.db.selectFrom('complaint_photos').select('width').where('complaint_id', '=', rows[0]!.id).execute();
    expect(photos).toEqual([{ width: 640 }]);
    await ctx.close();
  });
});
