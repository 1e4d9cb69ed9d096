// Keyboard alone, on every main form (complaint, login, register, track, consultation contribution):
// Tab reaches every control of the form in document order (a radio group is one stop), a submission
// with errors moves focus to the error summary while the input stays, and a correct submission is made
// with the keyboard only (typing, Space and arrow keys, Enter on the submit button).
// As officer answers (issue 4) land, add their answer/resolve forms and the resident's confirm/rate form here.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestUser, sessionCookie, TEST_PASSWORD } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';

const app = useE2eApp({
  // Playwright types faster than any person; the minimum fill time is tested over HTTP.
  env: { COMPLAINT_MIN_FILL_SECONDS: '0' },
});

/** A stable name for an element: radios by group, else #id, name or tag and text. */
function keyOf(el: Element | null): string {
  if (!el || el === document.body) return 'body';
  if (el instanceof HTMLInputElement && el.type === 'radio') return `radio:${el.name}`;
  if (el.id) return `#${el.id}`;
  const name = el.getAttribute('name');
  if (name) return `name:${name}`;
  return `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim()}`;
}

/** The controls of the form a person can operate, in document order. */
async function formControls(page: Page, form: string): Promise<string[]> {
  return page.evaluate(
    ([sel, keyFn]) => {
      const key = new Function(`return (${keyFn})`)() as (el: Element) => string;
      const out: string[] = [];
      for (const el of document.querySelectorAll(`${sel} input, ${sel} select, ${sel} textarea, ${sel} button`)) {
        const input = el as HTMLInputElement;
        if (input.type === 'hidden' || input.disabled || el.getAttribute('tabindex') === '-1') continue;
        if (el.closest('[aria-hidden="true"], [hidden]') || !input.checkVisibility()) continue;
        const k = key(el);
        if (!out.includes(k)) out.push(k);
      }
      return out;
    },
    [form, keyOf.toString()] as const,
  );
}

async function focused(page: Page): Promise<string> {
  return page.evaluate(
    (keyFn) => (new Function(`return (${keyFn})`)() as (el: Element | null) => string)(document.activeElement),
    keyOf.toString(),
  );
}

/** Presses Tab from the top of the page until focus leaves the page; returns the stops in order. */
async function tabStops(page: Page, max = 250): Promise<string[]> {
  await page.locator('body').focus();
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const k = await focused(page);
    if (k === 'body' || (stops.length > 0 && k === stops[0])) break;
    stops.push(k);
  }
  return stops;
}

/** Every control is reached by Tab, in the order of the form. */
async function expectTabReachesAll(page: Page, form: string): Promise<void> {
  const controls = await formControls(page, form);
  expect(controls.length).toBeGreaterThan(1);
  const stops = (await tabStops(page)).filter((k) => controls.includes(k));
  expect([...new Set(stops)]).toEqual(controls);
}

/** Moves focus forward with Tab until it is on the element with the key. */
async function tabTo(page: Page, key: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if ((await focused(page)) === key) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${key}`);
}

async function pressEnterAndWait(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function expectFocusOnErrorSummary(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('alert');
}

let ctx: BrowserContext;
async function newPage(cookie?: string): Promise<Page> {
  ctx = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (cookie) await ctx.addCookies([{ name: 'session', value: cookie.slice('session='.length), url: app.server.url }]);
  return ctx.newPage();
}

describe('keyboard only', () => {
  it('login: every control by Tab, errors focus the summary, Enter logs in', async () => {
    const user = await createTestUser(app.db.db);
    const page = await newPage();
    await page.goto(`${app.server.url}/login`);
    const form = 'main form[action^="/login"]';
    await expectTabReachesAll(page, form);

    await tabTo(page, '#f-email');
    await page.keyboard.type(user.email);
    await tabTo(page, '#f-password');
    await page.keyboard.type('bukan-kata-sandinya');
    await pressEnterAndWait(page);
    await expectFocusOnErrorSummary(page);
    await expect(page.locator('#f-email').inputValue()).resolves.toBe(user.email);

    await page.locator('body').focus();
    await tabTo(page, '#f-password');
    await page.keyboard.type(TEST_PASSWORD);
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await pressEnterAndWait(page);
    expect(new URL(page.url()).pathname).toBe('/me');
    await ctx.close();
  });

  it('register: every control by Tab, errors focus the summary with input kept, then an account by keyboard', async () => {
    const page = await newPage();
    await page.goto(`${app.server.url}/register`);
    const form = 'main form[action^="/register"]';
    await expectTabReachesAll(page, form);
    await tabTo(page, '#f-name');
    await page.keyboard.type('Sari Papan Ketik');
    await tabTo(page, '#f-email');
    await page.keyboard.type('bukan-email');
    await pressEnterAndWait(page);
    await expectFocusOnErrorSummary(page);
    await expect(page.locator('#f-name').inputValue()).resolves.toBe('Sari Papan Ketik');
    await expect(page.locator('#f-email').getAttribute('aria-invalid')).resolves.toBe('true');

    // The summary's link takes focus to the field it names.
    await page.keyboard.press('Tab');
    const linkTarget = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    expect(linkTarget).toMatch(/^#f-/);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(linkTarget);

    await page.locator('#f-email').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('sari.keyboard@example.test');
    await tabTo(page, '#f-password');
    await page.keyboard.type('lorong-pasar-cinde-pagi');
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await pressEnterAndWait(page);
    // Registration answers the same for any address (no account enumeration); the new account then logs in.
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('p.notice[role=status]').innerText()).resolves.toMatch(/Pendaftaran diterima|Registration received/);
    await ctx.close();
  });

  it('track: every control by Tab, a bad code focuses the summary, Enter opens the complaint', async () => {
    const receipt = await readReceipt(
      app.server.url,
      await postComplaint(app.server.url, complaintFields({ title: 'Pohon tumbang menutup jalan' })),
    );
    const page = await newPage();
    await page.goto(`${app.server.url}/track`);
    const form = 'main form[action="/track"]';
    await expectTabReachesAll(page, form);
    await tabTo(page, '#code');
    await page.keyboard.type('bukan kode');
    await pressEnterAndWait(page);
    await expectFocusOnErrorSummary(page);
    await expect(page.locator('#code').inputValue()).resolves.toBe('bukan kode');

    await page.locator('#code').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(receipt.code);
    await page.keyboard.press('Tab');
    await page.keyboard.type(receipt.key);
    await pressEnterAndWait(page);
    expect(new URL(page.url()).pathname).toBe(`/complaints/${receipt.code}`);
    await expect(page.getByRole('heading', { name: 'Pohon tumbang menutup jalan' }).isVisible()).resolves.toBe(true);
    await ctx.close();
  });

  it('complaint form: every control by Tab, errors focus the summary with input kept, then filed by keyboard', async () => {
    const page = await newPage();
    await page.goto(`${app.server.url}/complaints/new`);
    const form = 'form.complaint-form';
    await expectTabReachesAll(page, form);

    const title = 'Drainase tersumbat di depan pasar';
    await tabTo(page, '#title');
    await page.keyboard.type(title);
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await pressEnterAndWait(page);
    await expectFocusOnErrorSummary(page);
    await expect(page.locator('#title').inputValue()).resolves.toBe(title);

    // Category: the first radio of the group takes focus; Space chooses it.
    await page.locator('body').focus();
    await tabTo(page, 'radio:category');
    await page.keyboard.press('Space');
    await tabTo(page, '#description');
    await page.keyboard.type('Air meluap ke jalan setiap hujan karena saluran tersumbat lumpur dan sampah.');
    await tabTo(page, '#kecamatan');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, '#kelurahan');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => ({
      kecamatan: (document.querySelector('#kecamatan') as HTMLSelectElement).value,
      kelurahan: (document.querySelector('#kelurahan') as HTMLSelectElement).value,
      category: (document.querySelector('input[name=category]:checked') as HTMLInputElement | null)?.value,
    }));
    expect(chosen.kelurahan.startsWith(`${chosen.kecamatan}.`), JSON.stringify(chosen)).toBe(true);
    expect(chosen.category).toBeTruthy();
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await pressEnterAndWait(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pengaduan terkirim');
    const code = (await page.locator('#tracking-code').textContent())!.trim();
    const row = await app.db.db
      .selectFrom('complaints')
      .innerJoin('categories', 'categories.id', 'complaints.category_id')
      .select(['complaints.title', 'categories.code'])
      .where('complaints.code', '=', code)
      .executeTakeFirstOrThrow();
    expect([row.title, row.code]).toEqual([title, chosen.category]);
    await ctx.close();
  });

  it('consultation contribution: every control by Tab, errors focus the summary, arrow keys choose a stance, Enter sends', async () => {
    const officer = await sessionUser(app.db.db, { role: 'officer', departmentCode: 'DISHUB' });
    const id = await openConsultation(app.db.db, officer, new Date(), { title: 'Penataan parkir di pasar' });
    const resident = await createTestUser(app.db.db, { affiliation: 'masyarakat' });
    const page = await newPage(await sessionCookie(app.db.db, resident.id));
    await page.goto(`${app.server.url}/consultations/${id}`);
    const form = `form[action="/consultations/${id}"]:has(textarea#body)`;
    await expectTabReachesAll(page, form);

    const text = 'Parkir sebaiknya dipindah ke lahan di belakang pasar agar jalan tidak macet.';
    await tabTo(page, '#body');
    await page.keyboard.type(text);
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await page.keyboard.press('Enter');
    await expectFocusOnErrorSummary(page);
    await expect(page.locator('#body').inputValue()).resolves.toBe(text);

    await page.locator('body').focus();
    await tabTo(page, 'radio:stance');
    await page.keyboard.press('ArrowDown');
    const stance = await page.evaluate(() => (document.querySelector('input[name=stance]:checked') as HTMLInputElement | null)?.value);
    expect(stance).toBeTruthy();
    await tabTo(page, `button:${await page.locator(`${form} button[type=submit]`).innerText()}`);
    await page.keyboard.press('Enter');
    await page.locator('article.contribution', { hasText: text }).waitFor();
    const stored = await app.db.db.selectFrom('contributions').select(['stance']).where('consultation_id', '=', id).execute();
    expect(stored.map((r) => r.stance)).toEqual([stance]);
    await ctx.close();
  });
});
