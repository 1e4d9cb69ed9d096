// A resident's data rights in Chromium: log in, open "My data" from the account page, download the
// JSON file, read the printable page, then erase the account with the password and land logged out.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import { createTestUser, TEST_PASSWORD } from '../support/users.ts';
import { findText } from '../support/scan.ts';
import { seriousViolations } from '../support/a11y.ts';

const NAME = 'Ratna Sari Kusumadewi';
const EMAIL = 'ratna.kusumadewi@example.test';
const PHONE = '+6281255500011';

const app = useE2eApp();
beforeAll(async () => {
  await createTestUser(app.db.db, { name: NAME, email: EMAIL, phone: PHONE });
});

describe('my data journey', () => {
  it('downloads the data, then erases the account', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.getByLabel('Alamat email').fill(EMAIL);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(`${app.server.url}/me`);

    await page.getByRole('link', { name: 'Data saya' }).click();
    await page.waitForURL(`${app.server.url}/me/data`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Data saya');
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh sebagai JSON' }).click()]);
    const file = await download.path();
    const data = JSON.parse(fs.readFileSync(file!, 'utf8'));
    expect(data.profile).toMatchObject({ name: NAME, email: EMAIL, phone: PHONE });

    await page.getByRole('link', { name: 'Buka halaman yang dapat dicetak' }).click();
    await page.waitForURL(`${app.server.url}/me/data/report`);
    await expect(page.locator('main').textContent()).resolves.toContain(EMAIL);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goBack();

    // Without ticking the statement nothing happens but a clear message.
    await page.getByLabel('Kata sandi Anda (untuk konfirmasi)').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Hapus akun saya' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Centang pernyataan ini');

    await page.getByLabel('Kata sandi Anda (untuk konfirmasi)').fill(TEST_PASSWORD);
    await page.getByLabel(/akun saya ditutup/).check();
    await page.getByRole('button', { name: 'Hapus akun saya' }).click();
    await page.waitForURL(`${app.server.url}/me/data/erased`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('data kontak Anda telah dihapus');

    // Logged out, and the old credentials no longer open the account.
    await page.goto(`${app.server.url}/me`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Masuk');
    await page.getByLabel('Alamat email').fill(EMAIL);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Masuk');
    expect(await findText(app.db.db, [NAME, EMAIL, PHONE, '081255500011'])).toEqual([]);
    await ctx.close();
  });
});

describe('a reporter without an account', () => {
  it('finds the keyed data page accessible and is told when the key is wrong', async () => {
    const category = await app.db.db.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow();
    const now = Date.now();
    await app.db.db
      .insertInto('complaints')
      .values({
        code: 'PLG-26-DATAKY',
        access_key_hash: 'x'.repeat(64),
        category_id: category.id,
        title: 'Uji data',
        description: 'Uji halaman data',
        kecamatan_code: '16.71.01',
        kelurahan_code: '16.71.01.1001',
        privacy: 'public',
        state: 'submitted',
        submitted_at: now,
        verification_due_at: now + 86_400_000,
        updated_at: now,
      })
      .execute();
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    // Without the key cookie the complaint page offers no "Data saya" link (anyone could open it);
    // the keyed page itself is reachable and asks for the access key.
    await page.goto(`${app.server.url}/complaints/PLG-26-DATAKY`);
    expect(await page.getByRole('link', { name: 'Data saya untuk pengaduan ini' }).count()).toBe(0);
    await page.goto(`${app.server.url}/complaints/PLG-26-DATAKY/data`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Kode akses').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Tampilkan data yang dapat dicetak' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Kode akses tidak cocok');
    await expect(page.getByLabel('Kode akses').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  });
});
