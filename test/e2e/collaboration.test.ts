// Departments working together in the browser (issue 26): a Dinas Sosial officer asks Dinas Kesehatan for
// help on a complaint, a Dinas Kesehatan officer finds it under "Dukungan diminta", accepts and completes it,
// the Dinas Sosial officer resolves the complaint, and the resident sees both departments on the timeline
// of the one tracking code. Every page on the way is axe-clean (WCAG 2.2 A/AA).
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext } from 'playwright-core';
import { allViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' }, uploads: true });

async function signedIn(userId: number): Promise<BrowserContext> {
  const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([
    { name: 'session', value: (await sessionCookie(app.db.db, userId)).slice('session='.length), url: app.server.url },
  ]);
  return ctx;
}

describe('Dinas Sosial asks Dinas Kesehatan for help', () => {
  it('request, accept, complete, resolve; the resident sees both departments', async () => {
    const receipt = await readReceipt(
      app.server.url,
      await postComplaint(
        app.server.url,
        complaintFields({
          category: 'bantuan-sosial',
          title: 'Lansia sakit tinggal sendirian',
          description: 'Seorang lansia di lorong kami sakit, tinggal sendirian dan belum menerima bantuan.',
          email: 'warga@example.test',
        }),
      ),
    );
    const code = receipt.code;
    const dinsos = await createTestUser(app.db.db, { role: 'officer', departmentCode: 'DINSOS', name: 'Rina Dinsos' });
    const dinkes = await createTestUser(app.db.db, { role: 'officer', departmentCode: 'DINKES', name: 'Budi Dinkes' });

    // Dinas Sosial: "Minta dukungan" from the complaint page.
    const lead = await (await signedIn(dinsos.id)).newPage();
    await lead.goto(`${app.server.url}/staff/complaints/${code}`);
    expect(await allViolations(lead)).toEqual([]);
    await lead.getByRole('link', { name: 'Minta dukungan' }).click();
    await lead.waitForURL(`**/staff/complaints/${code}/support`);
    expect(await allViolations(lead)).toEqual([]);
    await lead.getByLabel('Dinas pendukung').selectOption('DINKES');
    await lead.getByLabel('Tugas yang diminta').fill('Mohon petugas puskesmas memeriksa kesehatan lansia ini di rumahnya.');
    await lead.getByLabel('Tenggat (hari kerja)').fill('3');
    await lead.getByRole('button', { name: 'Kirim permintaan' }).click();
    await expect(lead.getByRole('status').textContent()).resolves.toContain('Permintaan dukungan terkirim');
    await expect(lead.locator('#support').textContent()).resolves.toContain('Dinas Kesehatan');
    expect(await allViolations(lead)).toEqual([]);

    // Dinas Kesehatan: "Dukungan diminta" in the inbox; accept (the officer takes it) and complete.
    const helper = await (await signedIn(dinkes.id)).newPage();
    await helper.goto(`${app.server.url}/staff/inbox`);
    await expect(helper.locator('#support-inbox').textContent()).resolves.toContain(code);
    expect(await allViolations(helper)).toEqual([]);
    await helper.locator('#support-inbox').getByRole('link', { name: code }).click();
    await helper.waitForURL('**/staff/support/*');
    await expect(helper.locator('#support-complaint').textContent()).resolves.toContain('Lansia sakit tinggal sendirian');
    expect(await allViolations(helper)).toEqual([]);
    await helper.getByLabel('Petugas yang mengerjakan').selectOption({ label: 'Budi Dinkes' });
    await helper.getByRole('button', { name: 'Terima tugas' }).click();
    await expect(helper.locator('#support-state').textContent()).resolves.toBe('Diterima');
    expect(await allViolations(helper)).toEqual([]);
    await helper.getByLabel('Catatan penyelesaian tugas').fill('Petugas puskesmas sudah memeriksa lansia dan merujuknya ke rumah sakit.');
    await helper.getByRole('button', { name: 'Tandai selesai' }).click();
    await helper.waitForURL('**/staff/inbox?support=1');
    await expect(helper.locator('#support-inbox').textContent()).resolves.not.toContain(code);

    // Dinas Sosial answers publicly and resolves.
    await lead.goto(`${app.server.url}/staff/complaints/${code}`);
    await expect(lead.locator('#support').textContent()).resolves.toContain('Selesai');
    await lead.getByLabel('Tanggapan untuk pelapor (tampil di publik)').fill('Kami sudah mendata lansia ini untuk bantuan sosial.');
    await lead.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await lead.getByLabel('Catatan penyelesaian (tampil di publik)').fill('Lansia sudah menerima bantuan sosial dan perawatan kesehatan.');
    await lead.getByRole('button', { name: 'Tandai selesai' }).click();
    await expect(lead.locator('#complaint-state').textContent()).resolves.toBe('Selesai ditangani');

    // The resident: one tracking code, both departments on the timeline, no officer named.
    const resident = await (await app.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await resident.goto(`${app.server.url}/complaints/${code}`);
    const timeline = (await resident.locator('.timeline').textContent()) ?? '';
    expect(timeline).toContain('Dinas Kesehatan membantu:');
    expect(timeline).toContain('Petugas puskesmas sudah memeriksa lansia');
    expect(await resident.locator('body').textContent()).toContain('Dinas Sosial');
    expect(timeline).not.toMatch(/Budi Dinkes|Rina Dinsos/);
    expect(await allViolations(resident)).toEqual([]);
  }, 240_000);
});
