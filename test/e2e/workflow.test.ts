// An officer finds a routed complaint in the department inbox (htmx search), answers and resolves it;
// the reporter, on a 360 px phone, opens it with code and key at /track, confirms it and rates it;
// the department manager sees the month's figures on /reports change with it.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { Page } from 'playwright-core';
import { allViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' }, uploads: true });

/** The report's summary figures as label → shown text. */
async function summaryFigures(page: Page): Promise<Record<string, string>> {
  return page
    .locator('#summary .metric')
    .evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.querySelector('dt')!.textContent!.trim(), el.querySelector('dd')!.textContent!.trim()])),
    );
}

describe('department answers, reporter confirms and rates', () => {
  it('officer responds and resolves from the inbox; the reporter confirms and rates via /track', async () => {
    // A complaint in an auto-routed category lands in DLHK's inbox.
    const receipt = await readReceipt(
      app.server.url,
      await postComplaint(
        app.server.url,
        complaintFields({
          category: 'sampah',
          title: 'Kontainer sampah meluber di pasar ikan',
          description: 'Kontainer sampah di pasar ikan meluber ke jalan sejak tiga hari.',
          email: 'warga@example.test',
        }),
      ),
    );
    const other = await readReceipt(
      app.server.url,
      await postComplaint(
        app.server.url,
        complaintFields({
          category: 'sampah',
          title: 'Sampah di taman kota',
          description: 'Sampah berserakan di taman kota setelah acara.',
        }),
      ),
    );
    const officer = await createTestUser(app.db.db, { role: 'officer', departmentCode: 'DLHK', name: 'Ahmad Petugas' });
    const manager = await createTestUser(app.db.db, { role: 'manager', departmentCode: 'DLHK', name: 'Kepala DLHK' });

    // The manager's report of this month before anyone has answered.
    const head = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await head.addCookies([
      { name: 'session', value: (await sessionCookie(app.db.db, manager.id)).slice('session='.length), url: app.server.url },
    ]);
    const report = await head.newPage();
    await report.goto(`${app.server.url}/reports`);
    const before = await summaryFigures(report);
    expect(before['Pengaduan masuk']).toBe('2');
    expect(before['Kepuasan (1–5)']).toMatch(/n = 0|n=0|^–$|^—$/);

    const staff = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await staff.addCookies([
      { name: 'session', value: (await sessionCookie(app.db.db, officer.id)).slice('session='.length), url: app.server.url },
    ]);
    const csp: string[] = [];
    const page = await staff.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${app.server.url}/staff/inbox`);
    await expect(page.locator('#inbox-list').textContent()).resolves.toContain(receipt.code);
    expect(await allViolations(page)).toEqual([]);
    // htmx search: only the list is swapped, the page (and the typed search) stays.
    await page.evaluate(() => document.body.setAttribute('data-marker', 'kept'));
    await page.getByLabel('Cari judul atau isi').fill('pasar ikan');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForFunction((code) => !document.querySelector('#inbox-list')!.textContent!.includes(code), other.code);
    await expect(page.locator('body').getAttribute('data-marker')).resolves.toBe('kept');
    await expect(page.locator('#inbox-list').textContent()).resolves.toContain(receipt.code);
    // Choosing a state updates the list by itself (no button): nothing is closed yet.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Ditutup' });
    await page.waitForFunction((code) => !document.querySelector('#inbox-list')!.textContent!.includes(code), receipt.code);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Perlu ditangani' });
    await page.waitForFunction((code) => document.querySelector('#inbox-list')!.textContent!.includes(code), receipt.code);
    await expect(page.locator('body').getAttribute('data-marker')).resolves.toBe('kept');

    await page.getByRole('link', { name: receipt.code }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain(receipt.code);
    expect(await allViolations(page)).toEqual([]);
    await page.getByLabel('Tanggapan untuk pelapor (tampil di publik)').fill('Petugas kebersihan akan mengangkut kontainer besok pagi.');
    await page.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await expect(page.locator('.notice.ok').textContent()).resolves.toContain('Tersimpan');
    await expect(page.locator('#complaint-state').textContent()).resolves.toBe('Sedang ditindaklanjuti');
    await expect(page.locator('#assignee').textContent()).resolves.toBe('Ahmad Petugas');
    // As if assigned two days and answered one day ago: a resolution now is not one the integrity signals
    // hold for a check (test/e2e/resolution-checks.test.ts is the journey through the check).
    const c = await app.db.db.selectFrom('complaints').select(['id', 'version']).where('code', '=', receipt.code).executeTakeFirstOrThrow();
    await app.db.db
      .updateTable('complaints')
      .set({ assigned_at: Date.now() - 2 * 86_400_000, first_response_at: Date.now() - 86_400_000 })
      .where('id', '=', c.id)
      .execute();
    await app.db.db
      .updateTable('complaint_events')
      .set({ at: Date.now() - 86_400_000 })
      .where('complaint_id', '=', c.id)
      .where('action', '=', 'respond')
      .execute();
    await page.getByLabel('Catatan penyelesaian (tampil di publik)').fill('Kontainer sudah dikosongkan dan area pasar dibersihkan.');
    await page.getByRole('button', { name: 'Tandai selesai' }).click();
    await expect(page.locator('#complaint-state').textContent()).resolves.toBe('Selesai ditangani');
    expect(csp).toEqual([]);

    // The reporter on a phone.
    const phone = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const p = await phone.newPage();
    await p.goto(`${app.server.url}/track`);
    await p.getByLabel('Kode pelacakan').fill(receipt.code);
    await p.getByLabel('Kunci akses (opsional)').fill(receipt.key);
    await p.getByRole('button', { name: 'Lacak' }).click();
    await expect(p.locator('.timeline').textContent()).resolves.toContain('Petugas kebersihan akan mengangkut kontainer besok pagi.');
    await expect(p.locator('.timeline').textContent()).resolves.toContain('Kontainer sudah dikosongkan');
    expect(await allViolations(p)).toEqual([]);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.getByRole('button', { name: 'Ya, sudah selesai' }).click();
    await expect(p.locator('#complaint-state').textContent()).resolves.toBe('Ditutup');
    await p.getByLabel('4 dari 5').check();
    await p.getByLabel('Komentar (opsional)').fill('Cepat ditangani, terima kasih.');
    await p.getByRole('button', { name: 'Kirim penilaian' }).click();
    await expect(p.locator('#my-rating').textContent()).resolves.toBe('Penilaian Anda: 4 dari 5');
    await expect(p.locator('#form-rate').count()).resolves.toBe(0);

    // The officer sees the rating, read-only.
    await page.reload();
    await expect(page.locator('#rating').textContent()).resolves.toContain('4 dari 5');

    // The manager's report now counts the response, the resolution and the rating.
    await report.reload();
    const after = await summaryFigures(report);
    expect(after['Pengaduan masuk']).toBe('2');
    expect(after['Kepuasan (1–5)']).not.toBe(before['Kepuasan (1–5)']);
    expect(after['Kepuasan (1–5)']).toContain('4,0');
    expect(after[`Waktu tanggapan pertama (median / P90)`]).not.toBe(before[`Waktu tanggapan pertama (median / P90)`]);
    expect(after[`Waktu penyelesaian (median / P90)`]).not.toBe(before[`Waktu penyelesaian (median / P90)`]);
    // Every figure links to the complaints behind it: the rating's drill-down lists this complaint.
    // The full summary table sits in a collapsed section below the headline: open it first.
    await report.locator('#details-summary > summary').click();
    await report.locator('#summary .metric', { hasText: 'Kepuasan (1–5)' }).getByRole('link').click();
    await expect(report.locator('main').textContent()).resolves.toContain(receipt.code);
    await head.close();
    await staff.close();
    await phone.close();
  });
});
