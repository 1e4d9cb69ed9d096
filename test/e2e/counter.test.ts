// A counter clerk files a walk-in resident's complaint and prints the receipt (issue 23): the public form's
// fields, the channel chosen, the receipt page axe-clean, and its print stylesheet checked by a PDF render:
// one A6 page, with the tracking code and without the site's navigation.
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let cookie = '';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' } });
beforeAll(async () => {
  const clerk = await createTestUser(app.db.db, { role: 'verifier', name: 'Sari Petugas Loket' });
  cookie = await sessionCookie(app.db.db, clerk.id);
});

/** The number of pages of a PDF and the size of its first page (points), from its page dictionaries. */
function pdfFacts(pdf: Buffer) {
  const raw = pdf.toString('latin1');
  const pages = raw.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(raw);
  return { pages, width: Number(box?.[1]), height: Number(box?.[2]) };
}

describe('counter filing in the browser', () => {
  it('a clerk files for a resident and prints an A6 receipt', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, ...rest] = cookie.split('=');
    await ctx.addCookies([{ name: name!, value: rest.join('='), url: app.server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/staff/verify`);
    await page.getByRole('link', { name: 'Catat pengaduan warga' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Catat pengaduan warga');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(/Jalan rusak atau berlubang/).check();
    await page.getByLabel('Judul').fill('Jalan berlubang di depan SD Negeri');
    await page.getByLabel('Uraian').fill('Warga melapor di loket: lubang besar di depan sekolah membahayakan anak-anak setiap pagi.');
    await page.getByLabel('Kecamatan').selectOption({ label: 'Ilir Barat II' });
    await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
    await page.getByLabel('Nama', { exact: true }).fill('Ibu Warsini');
    await page.getByLabel('Telepon', { exact: true }).check();
    await page.getByRole('button', { name: 'Simpan dan cetak tanda terima' }).click();

    await expect(page.locator('h1').textContent()).resolves.toBe('Tanda terima pengaduan');
    const code = (await page.locator('#tracking-code').textContent())!.trim();
    expect(code).toMatch(/^PLG-26-/);
    expect(page.url()).toBe(`${app.server.url}/staff/complaints/receipt/${code}`);
    expect(await seriousViolations(page)).toEqual([]);
    const row = await app.db.db
      .selectFrom('complaints')
      .select(['channel', 'reporter_name', 'reporter_user_id'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'telepon', reporter_name: 'Ibu Warsini', reporter_user_id: null });

    // The print stylesheet: the receipt alone (no header, navigation, footer or buttons).
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => document.body.innerText);
    expect(printed).toContain(code);
    expect(printed).toContain('Loket: Pemerintah Kota Palembang');
    expect(printed).not.toContain('Lacak pengaduan');
    expect(printed).not.toContain('Cetak tanda terima');
    expect(await page.locator('.site-nav').isVisible()).toBe(false);
    expect(await page.locator('.qr svg').isVisible()).toBe(true);

    // Rendered to PDF with the page size the stylesheet asks for: one A6 page (105 × 148 mm ≈ 298 × 420 pt).
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    const facts = pdfFacts(pdf);
    expect(facts.pages).toBe(1);
    expect(Math.round(facts.width)).toBeGreaterThanOrEqual(296);
    expect(Math.round(facts.width)).toBeLessThanOrEqual(300);
    expect(Math.round(facts.height)).toBeGreaterThanOrEqual(418);
    expect(Math.round(facts.height)).toBeLessThanOrEqual(422);
    expect(pdf.length).toBeLessThan(200_000);
    await ctx.close();
  });
});
