// Surveys in a real browser: a resident on a 360 px phone answers an SKM with JavaScript off and on
// (an error keeps the answers, nothing overflows the screen, axe clean on every page); a manager builds
// a three-section survey with a conditional question, publishes it and reads its results.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { createSkmSurvey } from '../../src/server/surveys/skm.service.ts';
import { publishSurvey } from '../../src/server/surveys/surveys.service.ts';
import { findSurvey } from '../../src/server/surveys/surveys.repository.ts';

let managerToken = '';
let skm = 0;

const app = useE2eApp({
  seed: async (db) => {
    const m = await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' });
    const actor: SessionUser = {
      id: m.id,
      email: m.email,
      name: 'Kepala',
      role: 'manager',
      departmentId: m.departmentId,
      nip: null,
      affiliation: null,
      affiliationVerified: false,
      locale: 'id',
    };
    const now = new Date();
    const r = await createSkmSurvey(
      db.db,
      { actor, now },
      { departmentId: m.departmentId!, departmentName: 'Dinas Kesehatan', period: '2026-S2', population: 500 },
    );
    if (!r.ok) throw new Error(r.error);
    skm = r.value;
    await publishSurvey(db.db, { actor, now }, skm, (await findSurvey(db.db, skm))!.version, {
      opensOn: '2000-01-01',
      closesOn: '2999-12-31',
    });
    managerToken = (await sessionCookie(db.db, m.id)).replace(/^session=/, '');
  },
});

/** axe and the overflow check run page scripts, so only where JavaScript is on (the same pages otherwise). */
async function checkPage(page: Page, label: string, js = true) {
  if (!js) return;
  expect(await seriousViolations(page), label).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label}: no sideways scrolling`).toBeLessThanOrEqual(360);
}

describe('a resident answers the SKM on a 360 px phone', () => {
  it.each([[false], [true]])(
    'with JavaScript %s',
    async (js) => {
      const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js });
      const page = await ctx.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${app.server.url}/surveys/${skm}`);
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('Bagian 1 dari 3');
      await checkPage(page, 'profile', js);
      // Next without answers: the same page with messages, axe clean.
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.waitForSelector('.error-summary');
      await checkPage(page, 'profile with errors', js);
      await page.getByRole('radio', { name: 'Perempuan' }).check();
      await page.getByLabel('Usia (tahun)').fill('34');
      await page.getByRole('radio', { name: 'SMA' }).check();
      await page.getByRole('radio', { name: 'Wirausaha' }).check();
      await page.getByLabel('Jenis layanan yang diterima').fill('Imunisasi anak');
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('Bagian 2 dari 3');
      await checkPage(page, 'unsur', js);
      const groups = page.locator('fieldset');
      expect(await groups.count()).toBe(9);
      // Eight unsur answered with the third wording; the ninth left out: an error, the eight kept.
      for (let i = 0; i < 8; i++) await groups.nth(i).getByRole('radio').nth(2).check();
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('input[type=radio]:checked').count()).toBe(8);
      await page.locator('fieldset').nth(8).getByRole('radio').nth(3).check();
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('Bagian 3 dari 3');
      await checkPage(page, 'suggestion', js);
      await page.getByLabel(/Saran dan masukan/).fill('Ruang tunggu perlu kipas angin.');
      await page.getByRole('button', { name: 'Kirim jawaban' }).click();
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('Terima kasih');
      await checkPage(page, 'thanks', js);
      await ctx.close();
    },
    180_000,
  );

  it('stored both answers, without any identity', async () => {
    const rows = await app.db.db.selectFrom('survey_responses').selectAll().where('survey_id', '=', skm).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.submitted_on))).toBe(true);
  });
});

describe('a manager builds a survey and reads its results', () => {
  it('three sections, a conditional question, published and answered', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addCookies([{ name: 'session', value: managerToken, url: app.server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/staff/surveys`);
    expect(await seriousViolations(page), '/staff/surveys').toEqual([]);
    await page.locator('#new-title').fill('Layanan keliling');
    await page.getByRole('button', { name: 'Buat survei' }).click();
    await page.waitForURL(/\/staff\/surveys\/\d+$/);
    const id = Number(/\/staff\/surveys\/(\d+)/.exec(page.url())![1]);
    for (const title of ['Kunjungan', 'Saran']) {
      await page.locator('#ns-title').fill(title);
      await page.getByRole('button', { name: 'Tambah bagian' }).click();
      await page.waitForURL(/done=saved/);
    }
    const addQuestion = async (section: string, kind: string, label: string, extra: (p: Page) => Promise<void> = async () => {}) => {
      await page.locator('#nq-section').selectOption({ label: section });
      await page.locator('#nq-kind').selectOption(kind);
      await page.locator('#nq-label').fill(label);
      await extra(page);
      await page.getByRole('button', { name: 'Tambah pertanyaan' }).click();
      await page.waitForURL(/done=saved/);
    };
    await addQuestion('1. Layanan keliling', 'single', 'Kelompok usia', async (p) => p.locator('#nq-options').fill('Muda\nTua'));
    await addQuestion('2. Kunjungan', 'single', 'Pernah memakai?', async (p) => p.locator('#nq-options').fill('Ya\nTidak'));
    await addQuestion('2. Kunjungan', 'scale', 'Seberapa puas?', async (p) => {
      await p.locator('#nq-low').fill('Tidak puas');
      await p.locator('#nq-high').fill('Sangat puas');
      await p.locator('#nq-show-if').selectOption({ label: 'Pernah memakai?' });
      await p.locator('#nq-show-if-value').fill('Ya');
    });
    await addQuestion('3. Saran', 'long_text', 'Saran Anda');
    expect(await page.textContent('body')).toContain('Tampil jika “Pernah memakai?” = “Ya”');
    expect(await seriousViolations(page), 'builder').toEqual([]);
    await page.locator('#p-close').fill('2999-12-31');
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await page.waitForURL(/done=saved/);
    expect(await page.textContent('body')).toContain('Dibuka');

    // One answer through the public page, then the results.
    const resp = await ctx.newPage();
    await resp.goto(`${app.server.url}/surveys/${id}`);
    await resp.getByRole('radio', { name: 'Muda' }).check();
    await resp.getByRole('button', { name: 'Lanjut' }).click();
    await resp.getByRole('radio', { name: 'Ya' }).check();
    await resp.getByRole('radio', { name: /^4$/ }).check();
    await resp.getByRole('button', { name: 'Lanjut' }).click();
    await resp.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => resp.textContent('body'), { timeout: 20_000 }).toContain('Terima kasih');

    await page.goto(`${app.server.url}/staff/surveys/${id}/results`);
    expect(await page.textContent('h1')).toContain('Hasil');
    expect(await page.textContent('body')).toContain('data belum cukup');
    expect(await seriousViolations(page), 'results').toEqual([]);
    // The charts load lazily: bring each into view, then wait until every one has decoded an image.
    expect(await page.locator('img.chart').count()).toBe(3);
    for (const chart of await page.locator('img.chart').all()) await chart.scrollIntoViewIfNeeded();
    await expect
      .poll(
        () =>
          page.$$eval('img.chart', (imgs) =>
            imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    // The public SKM page (two answers so far: figures suppressed) passes axe too.
    await page.goto(`${app.server.url}/statistics/skm`);
    expect(await page.textContent('body')).toContain('Dinas Kesehatan');
    expect(await seriousViolations(page), '/statistics/skm').toEqual([]);
    await ctx.close();
  }, 240_000);
});
