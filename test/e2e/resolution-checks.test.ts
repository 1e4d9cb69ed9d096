// The resolution check in Chromium (issue 21): an officer resolves one complaint with an "after" photo (the
// category requires one); a checker returns another resolution with a reason; the department sees the
// reason and resolves again; the reporter, who could only dispute while the check was pending, confirms.
// Every page on the way is axe clean.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, jpeg, postComplaint, readReceipt } from '../support/complaints.ts';
import { setCategoryResolutionRules } from '../../src/server/checks/checks.admin.ts';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' }, uploads: true });

async function as(userId: number): Promise<BrowserContext> {
  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([
    { name: 'session', value: (await sessionCookie(app.db.db, userId)).slice('session='.length), url: app.server.url },
  ]);
  return ctx;
}

/** As if assigned two days and answered a day ago, so the next resolution is not held by the integrity flags. */
async function ageing(code: string) {
  const c = await app.db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
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
}

async function respond(page: Page, code: string, text: string) {
  await page.goto(`${app.server.url}/staff/complaints/${code}`);
  await page.getByLabel('Tanggapan untuk pelapor (tampil di publik)').fill(text);
  await page.getByRole('button', { name: 'Kirim tanggapan' }).click();
  await expect(page.locator('#complaint-state').textContent()).resolves.toBe('Sedang ditindaklanjuti');
}

async function resolveWithPhoto(page: Page, code: string, note: string, photo: Buffer) {
  await page.goto(`${app.server.url}/staff/complaints/${code}`);
  await page.getByLabel('Catatan penyelesaian (tampil di publik)').fill(note);
  await page
    .getByLabel('Foto sesudah penanganan (wajib untuk kategori ini)')
    .setInputFiles({ name: 'sesudah.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('button', { name: 'Tandai selesai' }).click();
  await expect(page.locator('#complaint-state').textContent()).resolves.toBe('Selesai ditangani');
}

describe('resolution checks in the browser', () => {
  it('officer resolves with an after photo; the checker returns another; the department resolves it again; the reporter confirms', async () => {
    const admin = await createTestUser(app.db.db, { role: 'admin' });
    expect(
      await setCategoryResolutionRules(
        app.db.db,
        'sampah',
        { photoRequired: true, distanceM: null },
        { user: { id: admin.id, role: 'admin' } as never, now: new Date() },
      ),
    ).toEqual({ ok: true });
    const careful = await readReceipt(
      app.server.url,
      await postComplaint(
        app.server.url,
        complaintFields({
          category: 'sampah',
          title: 'Kontainer sampah meluber di pasar ikan',
          description: 'Kontainer sampah di pasar ikan meluber ke jalan sejak tiga hari.',
        }),
      ),
    );
    const hasty = await readReceipt(
      app.server.url,
      await postComplaint(
        app.server.url,
        complaintFields({
          category: 'sampah',
          title: 'Sampah menumpuk di TPS pasar',
          description: 'Sudah seminggu sampah di TPS dekat pasar tidak diangkut dan berbau.',
          email: 'warga.cek@example.test',
        }),
      ),
    );
    const officer = await createTestUser(app.db.db, { role: 'officer', departmentCode: 'DLHK', name: 'Ahmad Petugas' });
    const checker = await createTestUser(app.db.db, { role: 'verifier', name: 'Rina Pemeriksa' });
    const photo = await jpeg(320, 240);

    const staff = await as(officer.id);
    const page = await staff.newPage();
    // The careful resolution: answered (a day ago, as far as the flags go), resolved with a photo. No check.
    await respond(page, careful.code, 'Petugas kebersihan akan mengangkut kontainer besok pagi.');
    await ageing(careful.code);
    // Without the photo the category's rule refuses it, the note kept.
    await page.getByLabel('Catatan penyelesaian (tampil di publik)').fill('Kontainer sudah dikosongkan dan area pasar dibersihkan.');
    await page.getByRole('button', { name: 'Tandai selesai' }).click();
    await expect(page.locator('#resolve-photo-error').textContent()).resolves.toContain('foto "sesudah"');
    expect(await seriousViolations(page)).toEqual([]);
    await resolveWithPhoto(page, careful.code, 'Kontainer sudah dikosongkan dan area pasar dibersihkan.', photo);

    // The hasty resolution: answered and resolved within minutes of assignment. It waits for the check.
    await respond(page, hasty.code, 'Terima kasih, segera kami tangani.');
    await resolveWithPhoto(page, hasty.code, 'Sudah ditangani, terima kasih.', photo);

    // The reporter may not confirm yet, but could dispute.
    const phone = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const p = await phone.newPage();
    await p.goto(`${app.server.url}/track`);
    await p.getByLabel('Kode pelacakan').fill(hasty.code);
    await p.getByLabel('Kunci akses (opsional)').fill(hasty.key);
    await p.getByRole('button', { name: 'Lacak' }).click();
    await expect(p.locator('#resolution-checking').count()).resolves.toBe(1);
    await expect(p.getByRole('button', { name: 'Ya, sudah selesai' }).count()).resolves.toBe(0);
    await expect(p.getByRole('button', { name: 'Belum selesai, buka kembali' }).count()).resolves.toBe(1);
    expect(await seriousViolations(p)).toEqual([]);

    // The checker sees only the hasty one and returns it with a reason.
    const check = await as(checker.id);
    const q = await check.newPage();
    await q.goto(`${app.server.url}/staff/resolution-checks`);
    await expect(q.locator('#checks').textContent()).resolves.toContain(hasty.code);
    await expect(q.locator('#checks').textContent()).resolves.not.toContain(careful.code);
    await expect(q.locator(`li[data-code="${hasty.code}"] .reasons`).textContent()).resolves.toContain('diselesaikan dalam hitungan menit');
    expect(await seriousViolations(q)).toEqual([]);
    const card = q.locator(`li[data-code="${hasty.code}"]`);
    // Too short a reason: an error next to the field, nothing returned.
    await card.getByLabel(`Alasan pengembalian ${hasty.code} (dilihat dinas)`).fill('Kurang');
    await card.getByRole('button', { name: 'Kembalikan ke dinas' }).click();
    await expect(q.locator(`#return-${await idOf(hasty.code)}-reason-error`).textContent()).resolves.toContain(
      'paling sedikit 10 karakter',
    );
    expect(await seriousViolations(q)).toEqual([]);
    await q
      .locator(`li[data-code="${hasty.code}"]`)
      .getByLabel(`Alasan pengembalian ${hasty.code} (dilihat dinas)`)
      .fill('Foto tidak menunjukkan TPS yang dimaksud; mohon tangani di lokasi.');
    await q.locator(`li[data-code="${hasty.code}"]`).getByRole('button', { name: 'Kembalikan ke dinas' }).click();
    await expect(q.locator('.notice.ok').textContent()).resolves.toContain('dikembalikan');
    await expect(q.locator('#checks-empty').count()).resolves.toBe(1);

    // The department sees the reason, back in progress, and resolves again.
    await page.goto(`${app.server.url}/staff/complaints/${hasty.code}`);
    await expect(page.locator('#complaint-state').textContent()).resolves.toBe('Sedang ditindaklanjuti');
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toContain('Penyelesaian dikembalikan oleh pemeriksa');
    expect(timeline).toContain('Foto tidak menunjukkan TPS yang dimaksud');
    expect(await seriousViolations(page)).toEqual([]);
    await ageing(hasty.code);
    await resolveWithPhoto(page, hasty.code, 'TPS di pasar sudah dikosongkan truk kedua; foto dari lokasi.', photo);

    // The public page never shows the internal return; the reporter now confirms.
    await p.reload();
    await expect(p.locator('.timeline').textContent()).resolves.not.toContain('Foto tidak menunjukkan TPS');
    await p.getByRole('button', { name: 'Ya, sudah selesai' }).click();
    await expect(p.locator('#complaint-state').textContent()).resolves.toBe('Ditutup');
    expect(await seriousViolations(p)).toEqual([]);
    await staff.close();
    await check.close();
    await phone.close();
    // A long journey (three people, eight pages): more than the default minute on a loaded machine.
  }, 240_000);
});

async function idOf(code: string): Promise<number> {
  const r = await app.db.db
    .selectFrom('resolution_checks as k')
    .innerJoin('complaints as c', 'c.id', 'k.complaint_id')
    .select('k.id')
    .where('c.code', '=', code)
    .orderBy('k.id', 'desc')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
