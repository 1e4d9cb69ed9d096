// The main forms after switching to English with the header link, with JavaScript on and off: a
// submission with a mistake comes back in English with the message beside the field it concerns
// (inside the same field group, tied by aria-describedby, aria-invalid set) and what was typed kept.
// Complaint, login, register, track and the consultation contribution form; as officer answers
// (issue 4) land, add their forms here.
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { Page } from 'playwright-core';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';

let consultationId = 0;
let residentCookie = '';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' } });
beforeAll(async () => {
  const officer = await sessionUser(app.db.db, { role: 'officer', departmentCode: 'DISHUB' });
  consultationId = await openConsultation(app.db.db, officer, new Date(), { title: 'Penataan trotoar' });
  residentCookie = await sessionCookie(app.db.db, (await createTestUser(app.db.db, { affiliation: 'praktisi' })).id);
});

/** The error message shown for a control: beside it (same field group) and announced with it. */
async function errorBeside(page: Page, selector: string): Promise<string> {
  const control = page.locator(selector).first();
  await expect(control.getAttribute('aria-invalid')).resolves.toBe('true');
  return control.evaluate((el) => {
    const group = el.closest('.field, fieldset');
    const ids = (el.getAttribute('aria-describedby') ?? el.closest('fieldset')?.getAttribute('aria-describedby') ?? '').split(/\s+/);
    const error = ids.map((id) => document.getElementById(id)).find((e) => e?.classList.contains('field-error'));
    if (!error) throw new Error(`no .field-error among aria-describedby of ${el.id}`);
    if (!group || error.closest('.field, fieldset') !== group) throw new Error(`the error of ${el.id} is not beside it`);
    return error.textContent!.trim();
  });
}

async function openInEnglish(page: Page, path: string): Promise<void> {
  await page.goto(`${app.server.url}${path}`);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  expect(new URL(page.url()).pathname).toBe(path);
}

describe.each([true, false])('forms in English (JavaScript %s)', (javaScriptEnabled) => {
  const context = async (cookie?: string) => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    if (cookie) await ctx.addCookies([{ name: 'session', value: cookie.slice('session='.length), url: app.server.url }]);
    return ctx;
  };

  it('complaint form', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await openInEnglish(page, '/complaints/new');
    await page.getByLabel('Title').fill('Street light out near the market');
    await page.locator('#address').fill('Jl. Merdeka 5');
    await page.locator('form.complaint-form button[type=submit][data-submitting]').click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(errorBeside(page, '#description')).resolves.toBe('The description must be 20 to 5000 characters.');
    await expect(errorBeside(page, 'input[name=category]')).resolves.toBe('Choose a category.');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Street light out near the market');
    await expect(page.locator('#address').inputValue()).resolves.toBe('Jl. Merdeka 5');
    await ctx.close();
  });

  it('login form', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await openInEnglish(page, '/login');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.locator('main form[action^="/login"] button[type=submit]').click();
    await expect(errorBeside(page, '#f-email')).resolves.toMatch(/valid email address/);
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('not-an-email');
    await ctx.close();
  });

  it('register form', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await openInEnglish(page, '/register');
    await page.getByLabel('Full name').fill('Rudi Hartono');
    await page.getByLabel('Email address').fill('rudi@example.test');
    await page.locator('main form[action^="/register"] button[type=submit]').click();
    await expect(errorBeside(page, '#f-password')).resolves.toMatch(/password/i);
    await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Rudi Hartono');
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('rudi@example.test');
    await ctx.close();
  });

  it('track form', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await openInEnglish(page, '/track');
    await page.locator('#code').fill('not a code');
    await page.locator('main form[action="/track"] button[type=submit]').click();
    await expect(errorBeside(page, '#code')).resolves.toMatch(/code/i);
    await expect(page.locator('#code').inputValue()).resolves.toBe('not a code');
    await ctx.close();
  });

  it('consultation contribution form', async () => {
    const ctx = await context(residentCookie);
    const page = await ctx.newPage();
    await openInEnglish(page, `/consultations/${consultationId}`);
    const text = 'Widen the pavement on both sides.';
    await page.locator('#body').fill(text);
    await page.locator('form:has(textarea#body) button[type=submit]').click();
    await expect(errorBeside(page, 'fieldset#stance')).resolves.toBe('Choose your stance.');
    await expect(page.locator('#body').inputValue()).resolves.toBe(text);
    await ctx.close();
  });
});
