// A consultation in the browser: a stakeholder registers with an affiliation and contributes
// (JavaScript off), endorses another contribution (JavaScript on, htmx); staff answer and conclude;
// the outcome is public.
import { expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext } from 'playwright-core';
import { sessionCookie } from '../support/users.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';
import { contribute } from '../../src/server/consultations/contributions.service.ts';

const app = useE2eApp();

async function contextFor(userId: number | null, javaScriptEnabled: boolean): Promise<BrowserContext> {
  const ctx = await app.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
  if (userId !== null) {
    const value = (await sessionCookie(app.db.db, userId)).slice('session='.length);
    await ctx.addCookies([{ name: 'session', value, url: app.server.url }]);
  }
  return ctx;
}

it('runs from contribution to a public outcome', async () => {
  const staff = await sessionUser(app.db.db, { role: 'officer', departmentCode: 'DISHUB', name: 'Petugas Dishub' });
  const other = await sessionUser(app.db.db, { affiliation: 'dunia_usaha', name: 'Hendra Pengusaha' });
  const id = await openConsultation(app.db.db, staff, new Date(), { title: 'Rute bus kota koridor 9' });
  const otherText = 'Sediakan halte dengan peneduh di koridor ini.';
  await contribute(app.db.db, { actor: other, now: new Date() }, id, { body: otherText, stance: 'setuju', questionId: null });

  // 1. The stakeholder registers with an affiliation, with JavaScript off: plain form posts.
  const noJs = await contextFor(null, false);
  const page1 = await noJs.newPage();
  await page1.goto(`${app.server.url}/register`);
  await page1.getByLabel('Nama lengkap').fill('Dr. Rina Wulandari');
  await page1.getByLabel('Alamat email').fill('rina.wulandari@example.test');
  await page1.getByLabel('Kata sandi').fill('jalur bus malam 22');
  await page1.getByLabel('Afiliasi pemangku kepentingan (opsional)').selectOption({ label: 'Akademisi' });
  await page1.getByLabel('Nama organisasi atau lembaga').fill('Universitas Sriwijaya');
  await page1.getByRole('button', { name: 'Daftar' }).click();
  // Registration answers the same for any address; the new account then logs in.
  await page1.waitForURL(`${app.server.url}/login?done=registered`);
  await page1.getByLabel('Alamat email').fill('rina.wulandari@example.test');
  await page1.getByLabel('Kata sandi').fill('jalur bus malam 22');
  await page1.getByRole('button', { name: 'Masuk' }).click();
  await page1.waitForURL(`${app.server.url}/me`);
  await expect(page1.locator('main').textContent()).resolves.toContain('Akademisi');
  const registered = await app.db.db
    .selectFrom('users')
    .select(['id', 'affiliation', 'organisation'])
    .where('email', '=', 'rina.wulandari@example.test')
    .executeTakeFirstOrThrow();
  expect(registered).toMatchObject({ affiliation: 'akademisi', organisation: 'Universitas Sriwijaya' });
  // An admin verifies the declared affiliation.
  await app.db.db.updateTable('users').set({ affiliation_verified: 1 }).where('id', '=', registered.id).execute();
  const stakeholder = { id: registered.id };

  // 2. They contribute, still without JavaScript: a plain form post and redirect.
  await page1.goto(`${app.server.url}/consultations/${id}`);
  await page1.getByLabel('Menjawab pertanyaan').selectOption({ label: 'Jam operasi yang Anda usulkan?' });
  await page1.getByRole('radio', { name: 'Tidak setuju' }).check();
  const myText = 'Jam operasi sebaiknya sampai pukul 22.00 untuk pekerja malam.';
  await page1.getByLabel('Masukan Anda').fill(myText);
  await page1.getByRole('button', { name: 'Kirim masukan' }).click();
  await expect(page1.getByRole('status').first().textContent()).resolves.toContain('Terima kasih');
  const mine = page1.locator('article.contribution', { hasText: myText });
  await expect(mine.textContent()).resolves.toContain('Dr. Rina Wulandari');
  await expect(mine.textContent()).resolves.toContain('terverifikasi');
  await expect(mine.textContent()).resolves.toContain('Menjawab: Jam operasi yang Anda usulkan?');
  await noJs.close();

  // 3. With JavaScript on, endorsing swaps in the updated contribution without a page load.
  const js = await contextFor(stakeholder.id, true);
  const page2 = await js.newPage();
  const violations: string[] = [];
  page2.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page2.goto(`${app.server.url}/consultations/${id}`);
  await page2.waitForFunction(() => typeof (window as unknown as { htmx?: unknown }).htmx === 'object');
  await page2.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  const theirs = page2.locator('article.contribution', { hasText: otherText });
  await theirs.getByRole('button', { name: 'Dukung' }).click();
  await theirs.getByRole('button', { name: 'Didukung' }).waitFor();
  await expect(theirs.locator('.badge', { hasText: 'dukungan' }).first().textContent()).resolves.toBe('1 dukungan');
  await expect(page2.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(42);
  expect(violations).toEqual([]);
  await js.close();

  // 4. Staff answer the stakeholder's contribution, and conclude once the consultation has closed.
  const staffCtx = await contextFor(staff.id, true);
  const page3 = await staffCtx.newPage();
  await page3.goto(`${app.server.url}/consultations/${id}`);
  const target = page3.locator('article.contribution', { hasText: myText });
  const answer = 'Terima kasih. Kami akan menguji jam operasi sampai pukul 22.00 selama tiga bulan.';
  await target.getByText('Tanggapi atau tandai kompetensi').click();
  await target.getByLabel('Tanggapan resmi dinas').fill(answer);
  await target.getByRole('button', { name: 'Kirim tanggapan' }).click();
  await page3.locator('.official-response', { hasText: answer }).waitFor();

  // The closing date passes: the page then says it is closed, and staff may conclude.
  await app.db.db
    .updateTable('consultations')
    .set({ closes_at: Date.now() - 1000 })
    .where('id', '=', id)
    .execute();
  await page3.goto(`${app.server.url}/consultations/${id}`);
  await expect(page3.locator('main').textContent()).resolves.toContain('tidak menerima masukan baru');
  await page3.getByRole('link', { name: 'Terbitkan hasil' }).click();
  await page3.getByLabel('Yang kami dengar').fill('Warga meminta jam operasi lebih panjang dan halte yang teduh.');
  const commitment = page3.getByRole('group', { name: 'Komitmen 1' });
  await commitment.getByLabel('Komitmen', { exact: true }).fill('Uji coba jam operasi sampai pukul 22.00');
  await commitment.getByLabel('Penanggung jawab').fill('Bidang Angkutan');
  await commitment.getByLabel('Tenggat').fill('2027-03-31');
  await page3.getByRole('button', { name: 'Terbitkan hasil' }).click();
  await expect(page3.getByRole('status').first().textContent()).resolves.toContain('Hasil konsultasi diterbitkan');
  await staffCtx.close();

  // 5. Anyone sees the outcome and the commitment with its status.
  const visitor = await contextFor(null, true);
  const page4 = await visitor.newPage();
  await page4.goto(`${app.server.url}/consultations/${id}`);
  await expect(page4.getByRole('heading', { name: 'Yang kami dengar' }).isVisible()).resolves.toBe(true);
  const main = (await page4.locator('main').textContent()) ?? '';
  expect(main).toContain('Warga meminta jam operasi lebih panjang');
  expect(main).toContain('Uji coba jam operasi sampai pukul 22.00');
  expect(main).toContain('Direncanakan');
  expect(main).toContain(answer);
  await visitor.close();
  const list = await (await fetch(`${app.server.url}/consultations`)).text();
  expect(list).toContain('Rute bus kota koridor 9');
});

it('loads more contributions and replies in place with htmx, and pages without JavaScript', async () => {
  const staff = await sessionUser(app.db.db, { role: 'manager', departmentCode: 'DISHUB' });
  const reader = await sessionUser(app.db.db, { affiliation: 'media', name: 'Wartawan Kota' });
  const id = await openConsultation(app.db.db, staff, new Date(), { title: 'Konsultasi dengan banyak masukan' });
  const writers = await Promise.all(Array.from({ length: 3 }, () => sessionUser(app.db.db, { affiliation: 'masyarakat' })));
  for (let i = 1; i <= 23; i++) {
    await contribute(app.db.db, { actor: writers[i % 3]!, now: new Date() }, id, {
      body: `Masukan warga nomor ${i}.`,
      stance: 'netral',
      questionId: null,
    });
  }

  const js = await contextFor(reader.id, true);
  const page = await js.newPage();
  await page.goto(`${app.server.url}/consultations/${id}`);
  await page.waitForFunction(() => typeof (window as unknown as { htmx?: unknown }).htmx === 'object');
  await expect(page.locator('article.contribution').count()).resolves.toBe(20);
  await page.getByRole('link', { name: 'Tampilkan lebih banyak' }).click();
  await page.locator('article.contribution', { hasText: 'Masukan warga nomor 1.' }).waitFor();
  await expect(page.locator('article.contribution').count()).resolves.toBe(23);
  await expect(page.getByRole('link', { name: 'Tampilkan lebih banyak' }).count()).resolves.toBe(0);

  const first = page.locator('article.contribution', { hasText: 'Masukan warga nomor 23.' });
  await first.getByText('Balas', { exact: true }).click();
  await first.getByLabel('Balasan Anda').fill('Saya setuju dengan usulan ini.');
  await first.getByRole('button', { name: 'Kirim balasan' }).click();
  await page.locator('.reply', { hasText: 'Saya setuju dengan usulan ini.' }).waitFor();
  await expect(page.locator('article.contribution').count()).resolves.toBe(23);
  await js.close();

  const noJs = await contextFor(null, false);
  const plain = await noJs.newPage();
  await plain.goto(`${app.server.url}/consultations/${id}`);
  await plain.getByRole('link', { name: 'Tampilkan lebih banyak' }).click();
  await expect(plain.locator('article.contribution').count()).resolves.toBe(23);
  expect(plain.url()).toContain('show=40');
  await noJs.close();
});
