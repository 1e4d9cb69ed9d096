// A resident's account journey in Chromium, with and without JavaScript: register from the header,
// log out, log in again, edit the profile (language switches to English), and a wrong password.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';

const app = useE2eApp();

describe.each([true, false])('account journey (JavaScript %s)', (javaScriptEnabled) => {
  it('register → logout → login → edit profile', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await ctx.newPage();
    const email = `dewi.${javaScriptEnabled ? 'js' : 'nojs'}@example.test`;
    const password = 'taman-kambang-iwak-pagi';

    await page.goto(`${app.server.url}/`);
    await page.getByRole('link', { name: 'Daftar', exact: true }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Daftar akun warga');

    // A common password is refused with a clear message, and what was typed stays.
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill('password1');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('paling sering dipakai');
    await expect(page.getByLabel('Nama lengkap').inputValue()).resolves.toBe('Dewi Lestari');
    await expect(page.getByLabel('Kata sandi').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Kata sandi').fill(password);
    await page.getByLabel('Afiliasi pemangku kepentingan (opsional)').selectOption('akademisi');
    await page.getByLabel('Nama organisasi atau lembaga').fill('Universitas Sriwijaya');
    await page.getByRole('button', { name: 'Daftar' }).click();
    // Registration answers the same for any address (no account enumeration); the new account then logs in.
    await page.waitForURL(`${app.server.url}/login?done=registered`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Pendaftaran diterima');
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(`${app.server.url}/me`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Akun saya');
    await expect(page.locator('main').textContent()).resolves.toContain('Akademisi');

    // Log out from the header on any page.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(`${app.server.url}/login?done=logout`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Anda sudah keluar');
    await page.goto(`${app.server.url}/me/profile`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Masuk');

    // Wrong password, then the right one: back to the page that was asked for.
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Email atau kata sandi salah');
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(`${app.server.url}/me/profile`);

    await page.getByLabel('Nama lengkap').fill('Dewi Lestari Putri');
    await page.getByLabel('Nomor telepon (opsional)').fill('0812 1111 2222');
    await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    await page.waitForURL(`${app.server.url}/me/profile?saved=1`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your profile has been saved');
    await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Dewi Lestari Putri');
    await expect(page.locator('header').textContent()).resolves.toContain('Dewi Lestari Putri');
    const row = await app.db.db
      .selectFrom('users')
      .select(['name', 'phone', 'locale'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Dewi Lestari Putri', phone: '081211112222', locale: 'en' });
    await ctx.close();
  });
});

it('the account pages pass axe (WCAG 2.2 AA), errors shown', async () => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { createTestUser, sessionCookie } = await import('../support/users.ts');
  const admin = await createTestUser(app.db.db, { role: 'admin' });
  const stakeholder = await createTestUser(app.db.db, { affiliation: 'media', organisation: 'Koran Contoh' });
  const [name, value] = (await sessionCookie(app.db.db, admin.id)).split('=');
  const visitor = await app.browser.newContext();
  const staff = await app.browser.newContext();
  await staff.addCookies([{ name: name!, value: value!, url: app.server.url }]);
  const pages: [typeof visitor, string, string?][] = [
    [visitor, '/register', 'Daftar'],
    [visitor, '/login', 'Masuk'],
    [visitor, '/password/forgot', 'Kirim tautan'],
    [staff, '/me/profile'],
    [staff, '/admin/users'],
    [staff, '/admin/users/new', 'Buat akun'],
    [staff, `/admin/users/${stakeholder.id}`],
    [staff, '/admin/audit'],
  ];
  for (const [ctx, path, submit] of pages) {
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}${path}`);
    if (submit) await page.getByRole('button', { name: submit, exact: true }).click();
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(result.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.close();
  }
  await visitor.close();
  await staff.close();
});
