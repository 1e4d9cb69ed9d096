// Issue 17's resident journeys on a cheap phone: 360 px wide, Chrome's "Slow 3G" network (throttled
// through the DevTools protocol), JavaScript on and off. A resident sees a similar complaint nearby while
// filing and supports it instead; fixes a validation error and keeps the photo; taps "Kirim" twice and
// files one complaint; follows a complaint and gets the email when staff answer publicly (through the
// test SMTP server). Every page on the way is axe clean (axe runs where JavaScript is on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { seriousViolations } from '../support/a11y.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { sessionUser } from '../support/consultations.ts';
import { jpeg } from '../support/complaints.ts';
import { respondToComplaint } from '../../src/server/workflow/workflow.service.ts';
import { deliverOutbox, smtpMailer } from '../../src/server/notifications/delivery.ts';

// Chrome DevTools' "Slow 3G" preset (~500 kbit/s each way at 80 %, 400 ms RTT × 5), as puppeteer-core's
// PredefinedNetworkConditions copies it from devtools-frontend's NetworkManager.ts.
const SLOW_3G = {
  offline: false,
  downloadThroughput: ((500 * 1000) / 8) * 0.8,
  uploadThroughput: ((500 * 1000) / 8) * 0.8,
  latency: 400 * 5,
};
const JOURNEY_MS = 240_000;
const KEL = '16.71.01.1001';

let db: TestDb;
let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;
let uploadDir: string;
let seq = 0;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-journeys-'));
  smtp = await startSmtp();
  // Playwright fills a form faster than any person; the minimum fill time is tested over HTTP instead.
  server = await startServer({ DATABASE_URL: db.url, UPLOAD_DIR: uploadDir, COMPLAINT_MIN_FILL_SECONDS: '0' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
  await db?.cleanup();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** A phone on a slow 3G network, optionally signed in. */
async function phone(javaScriptEnabled: boolean, userId?: number): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  if (userId !== undefined) {
    await ctx.addCookies([{ name: 'session', value: (await sessionCookie(db.db, userId)).slice('session='.length), url: server.url }]);
  }
  const page = await ctx.newPage();
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(90_000);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  return { ctx, page };
}

/** An open, public complaint filed an hour ago in 35 Ilir ('pencemaran', routed to DLHK). */
async function openComplaint(title: string): Promise<string> {
  seq += 1;
  const code = `PLG-26-RJ${'ABCDEFGH'[seq]}${'KMNPQRST'[seq]}2Z`;
  const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'pencemaran').executeTakeFirstOrThrow();
  const dlhk = await db.db.selectFrom('departments').select('id').where('code', '=', 'DLHK').executeTakeFirstOrThrow();
  const t = Date.now() - 3_600_000;
  await db.db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: cat.id,
      title,
      description: 'Air sungai kecil berwarna hitam dan berbau sejak pabrik di hulu beroperasi.',
      kecamatan_code: '16.71.01',
      kelurahan_code: KEL,
      privacy: 'public',
      state: 'assigned',
      department_id: dlhk.id,
      submitted_at: t,
      verification_due_at: t,
      assigned_at: t,
      response_due_at: t + 5 * 86_400_000,
      resolution_due_at: t + 14 * 86_400_000,
      updated_at: t,
    } as never)
    .execute();
  return code;
}

async function expectAxeClean(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([]);
}

describe.each([true, false])('resident journeys on a slow phone (JavaScript %s)', (javaScriptEnabled) => {
  it('sees a similar complaint nearby while filing and supports it instead', { timeout: JOURNEY_MS }, async () => {
    const title = `Sungai hitam di 35 Ilir ${javaScriptEnabled ? 'pagi' : 'sore'}`;
    const code = await openComplaint(title);
    const { ctx, page } = await phone(javaScriptEnabled);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/fragments/complaints/nearby')) asked.push(r.url());
    });
    await page.goto(`${server.url}/complaints/new`);
    await page.getByLabel('Judul').fill('Air sungai hitam dan bau');
    await page.getByLabel(/^Pencemaran lingkungan/).check();
    await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
    if (!javaScriptEnabled) {
      // Without JavaScript the resident asks for the list; the form comes back with what they typed.
      await page.getByRole('button', { name: 'Cek pengaduan serupa' }).click();
      await expect(page.getByLabel('Judul').inputValue()).resolves.toBe('Air sungai hitam dan bau');
    }
    // With JavaScript the list arrives by itself (htmx fragment) once category and kelurahan are known.
    const card = page.locator(`#nearby-list li[data-code="${code}"]`);
    await card.waitFor({ state: 'visible' });
    await expect(card.textContent()).resolves.toContain(title);
    // The fragment is asked with the category and place only, never what the resident wrote.
    expect(asked.length > 0).toBe(javaScriptEnabled);
    for (const url of asked)
      for (const k of new URL(url).searchParams.keys()) expect(['category', 'kelurahan', 'latitude', 'longitude']).toContain(k);
    await expectAxeClean(page, javaScriptEnabled);

    await card.getByRole('link', { name: `Dukung ${code}` }).click();
    await page.waitForURL(`${server.url}/complaints/${code}/support`);
    await expectAxeClean(page, javaScriptEnabled);
    await page.locator('#support form').getByRole('button', { name: 'Dukung' }).click();
    await page.waitForURL(`${server.url}/complaints/${code}?support=added#support`);
    await expect(page.locator('#supporter-count').textContent()).resolves.toBe('1 pendukung');
    await expect(page.getByText('Dukungan Anda tercatat. Terima kasih.').isVisible()).resolves.toBe(true);
    await expectAxeClean(page, javaScriptEnabled);
    // Nothing was filed: the resident supported instead.
    const filed = await db.db.selectFrom('complaints').select('id').where('title', '=', 'Air sungai hitam dan bau').execute();
    expect(filed).toEqual([]);
    await ctx.close();
  });

  it('keeps the photo after a validation error, and a double tap on "Kirim" files one complaint', { timeout: JOURNEY_MS }, async () => {
    const { ctx, page } = await phone(javaScriptEnabled);
    const title = `Lampu jalan mati di gang ${javaScriptEnabled ? 'Cempaka' : 'Dahlia'}`;
    await page.goto(`${server.url}/complaints/new`);
    await page.getByLabel('Judul').fill(title);
    await page.getByLabel('Uraian').fill('Lampu penerangan jalan di ujung gang mati sejak seminggu, gelap dan rawan pada malam hari.');
    await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
    await page
      .getByLabel('Foto (opsional, paling banyak 3)')
      .setInputFiles({ name: 'lampu.jpg', mimeType: 'image/jpeg', buffer: await jpeg(640, 480) });
    // No category: the form comes back with the message, the text and the photo.
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Pilih kategori.');
    // The error summary comes first in the streamed page; wait for the kept photo further down rather
    // than reading its visibility at once.
    await page.getByRole('img', { name: 'Foto 1 yang sudah dipilih' }).waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.getByLabel('Judul').inputValue()).resolves.toBe(title);
    await expectAxeClean(page, javaScriptEnabled);

    await page.getByLabel(/Lainnya atau tidak tahu/).check();
    await page.getByRole('button', { name: 'Kirim pengaduan' }).dblclick();
    // Without JavaScript the second tap starts a second navigation and aborts the first (which the
    // server still answers with the same receipt): wait for where the page ends up, not for one navigation.
    await expect.poll(() => page.url(), { timeout: 90_000, interval: 250 }).toBe(`${server.url}/complaints/submitted`);
    await page.waitForLoadState('load');
    await expect(page.locator('h1').textContent()).resolves.toBe('Pengaduan terkirim');
    await expectAxeClean(page, javaScriptEnabled);
    const code = (await page.locator('#tracking-code').textContent())!.trim();
    const rows = await db.db.selectFrom('complaints').select(['id', 'code']).where('title', '=', title).execute();
    expect(rows.map((r) => r.code)).toEqual([code]);
    const photos = await db.db.selectFrom('complaint_photos').select('width').where('complaint_id', '=', rows[0]!.id).execute();
    expect(photos).toEqual([{ width: 640 }]);
    await ctx.close();
  });

  it('follows a complaint and gets the email when staff answer publicly', { timeout: JOURNEY_MS }, async () => {
    const code = await openComplaint(`Limbah cair di selokan ${javaScriptEnabled ? 'utara' : 'selatan'}`);
    const resident = await createTestUser(db.db, { role: 'resident', email: `ikut.${javaScriptEnabled ? 'js' : 'nojs'}@example.test` });
    const { ctx, page } = await phone(javaScriptEnabled, resident.id);
    await page.goto(`${server.url}/complaints/${code}`);
    await page.getByRole('button', { name: 'Ikuti pengaduan ini' }).click();
    await page.waitForURL(`${server.url}/complaints/${code}?follow=on#follow`);
    await expect(page.getByText('Anda sekarang mengikuti pengaduan ini.').isVisible()).resolves.toBe(true);
    await expectAxeClean(page, javaScriptEnabled);

    const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
    const answer = `Petugas DLHK sudah mengambil sampel air ${javaScriptEnabled ? 'hari ini' : 'kemarin'}.`;
    expect(await respondToComplaint(db.db, code, { note: answer }, { user: officer, now: new Date(), siteUrl: server.url })).toEqual({
      ok: true,
    });
    await deliverOutbox(db.db, smtpMailer(smtp.url, 'noreply@example.test', 'test', 5000), { limit: 100 });
    const mail = smtp.received.filter((m) => m.to.includes(resident.email)).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toContain(code);
    expect(mail[0]).toContain(answer);
    expect(mail[0]).toContain(`/complaints/${code}/unfollow?t=`);
    await ctx.close();
  });
});
