// The development cycle in a real browser, with JavaScript off and on (DESIGN.md §6b): HR creates a
// training from a final plan item, enrols five of six PNS, records attendance and completion; a
// participant evaluates it and writes an action plan; the manager confirms it and the participant sees the
// note; HR reads the effect page and next year's plan, whose evidence lists the PNS left below 20 JP first.
// Every page passes axe.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useE2eApp } from '../support/e2e-app.ts';
import { seriousViolations } from '../support/a11y.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

// One-day trainings ending today (Palembang's date), so their evaluation form is open now.
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
const YEAR = Number(TODAY.slice(0, 4));
const nip = (n: number) => `19910101201601${String(3000 + n)}`;
const tokens: Record<string, string> = {};

const app = useE2eApp({
  seed: async (db) => {
    const dinkes = Number((await db.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id);
    const competency = Number(
      (await db.db.selectFrom('competencies').select('id').where('code', '=', 'komunikasi').executeTakeFirstOrThrow()).id,
    );
    const plan = await db.db
      .insertInto('training_plans')
      .values({ department_id: dinkes, year: YEAR, status: 'final', officer_count: 6, created_by: null, created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.db
      .insertInto('training_plan_items')
      .values({
        plan_id: Number(plan.id),
        position: 1,
        competency_id: competency,
        kind: 'sosial_kultural',
        target: 'Seluruh PNS',
        target_count: 6,
        jalur: 'klasikal',
        bentuk: 'pelatihan',
        jp: 20,
        budget: null,
        updated_at: 1,
      })
      .execute();
    for (let i = 1; i <= 6; i++) {
      const o = await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: nip(i), name: `Petugas Siklus ${i}` });
      tokens[`officer${i}`] = (await sessionCookie(db.db, o.id)).replace(/^session=/, '');
    }
    tokens.hr = (await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id)).replace(/^session=/, '');
    tokens.manager = (await sessionCookie(db.db, (await createTestUser(db.db, { role: 'manager', departmentCode: 'DINKES' })).id)).replace(
      /^session=/,
      '',
    );
  },
});

async function as(who: string, javaScriptEnabled: boolean): Promise<Page> {
  const ctx = await app.browser.newContext({ viewport: { width: 1024, height: 800 }, javaScriptEnabled });
  await ctx.addCookies([{ name: 'session', value: tokens[who]!, url: app.server.url }]);
  const page = await ctx.newPage();
  // A step that cannot happen fails with its own message instead of the test's timeout.
  page.setDefaultTimeout(20_000);
  viewer.set(page, { who, javaScriptEnabled });
  return page;
}

const viewer = new WeakMap<Page, { who: string; javaScriptEnabled: boolean }>();

/** axe needs scripts: a page seen without JavaScript is audited again, as it is, in a context with them. */
async function axeClean(page: Page, what: string) {
  let audited = page;
  const v = viewer.get(page)!;
  if (!v.javaScriptEnabled) {
    audited = await as(v.who, true);
    await audited.goto(page.url());
  }
  expect(await seriousViolations(audited), what).toEqual([]);
}

describe.each([false, true])('the training cycle with JavaScript %s', (javaScriptEnabled) => {
  const title = `Pelatihan komunikasi layanan (${javaScriptEnabled ? 'JS' : 'tanpa JS'})`;
  let trainingUrl = '';

  it('HR creates a training from the plan item, enrols five PNS, records attendance and completion', { timeout: 120_000 }, async () => {
    const page = await as('hr', javaScriptEnabled);
    await page.goto(`${app.server.url}/reports/development/trainings?year=${YEAR}`);
    await axeClean(page, 'trainings');
    await page.locator('#f-item').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Isi dari butir rencana' }).click();
    await page.waitForURL(/item=/);
    await page.locator('#new-title').fill(title);
    await page.locator('#new-provider').fill('BPSDM Provinsi Sumatera Selatan');
    await page.locator('#new-starts_on').fill(TODAY);
    await page.locator('#new-ends_on').fill(TODAY);
    await page.getByRole('button', { name: 'Simpan kegiatan' }).click();
    await page.waitForURL(/\/reports\/development\/trainings\/\d+\?done=saved/);
    trainingUrl = page.url().replace(/\?.*$/, '');
    for (let i = 1; i <= 5; i++) {
      await page.locator('#enrol-nip').fill(nip(i));
      await page.getByRole('button', { name: 'Daftarkan peserta' }).click();
      await expect.poll(() => page.locator('body').textContent()).toContain(`Petugas Siklus ${i}`);
    }
    await page.getByRole('button', { name: 'Mulai kegiatan' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Simpan kehadiran' }).count()).toBe(1);
    for (const box of await page.locator('input[type=checkbox][name=present]').all()) await box.check();
    await page.getByRole('button', { name: 'Simpan kehadiran' }).click();
    await expect.poll(() => page.locator('input[type=checkbox][name=present]:checked').count()).toBe(5);
    await page.getByRole('button', { name: 'Nyatakan selesai semua peserta yang hadir' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Selesaikan|Nyatakan selesai: / }).count()).toBe(0);
    await page.getByRole('button', { name: 'Nyatakan kegiatan selesai' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Tandai sudah dievaluasi' }).count()).toBe(1);
    await axeClean(page, 'training');
    // On a 360 px phone the participants table (certificate fields and all) scrolls in its own region, not the page.
    const phone = await app.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    await phone.addCookies([{ name: 'session', value: tokens.hr!, url: app.server.url }]);
    const small = await phone.newPage();
    await small.goto(trainingUrl);
    expect(await small.locator('input[name=certificate_no]').count()).toBe(5);
    expect(await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await phone.close();
  });

  it('a participant evaluates the training and writes an action plan', { timeout: 60_000 }, async () => {
    const page = await as('officer1', javaScriptEnabled);
    await page.goto(`${app.server.url}/me/training?year=${YEAR}`);
    await axeClean(page, '/me/training');
    await page.locator(`a[href^="/me/training/"]`, { hasText: title }).first().click();
    await page.waitForURL(/\/me\/training\/\d+/);
    const participation = page.url();
    await axeClean(page, 'participation');
    await page.locator('#evaluation-link').click();
    await page.waitForURL(/\/surveys\/\d+/);
    await axeClean(page, 'evaluation form');
    for (const radio of await page.locator('input[type=radio][value="4"]').all()) await radio.check();
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Terima kasih');
    await page.goto(participation);
    expect(await page.locator('body').textContent()).toContain('Anda sudah mengisi evaluasi pelatihan ini');
    await page.locator('#plan-input').fill('Menjawab setiap pengaduan dengan langkah yang jelas dan tenggat waktu.');
    await page.getByRole('button', { name: 'Simpan rencana' }).click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Rencana tindak lanjut disimpan.');
  });

  it('the manager confirms the action plan and the participant sees the note', { timeout: 60_000 }, async () => {
    const page = await as('manager', javaScriptEnabled);
    await page.goto(`${app.server.url}/reports/development/action-plans`);
    await axeClean(page, 'action plans');
    const form = page.locator('article', { hasText: title }).filter({ hasText: 'langkah yang jelas' }).locator('form');
    await form.locator('input[name=review][value=applied]').check();
    await form.locator('textarea[name=note]').fill(`Sudah diterapkan di loket (${javaScriptEnabled ? 'JS' : 'tanpa JS'}).`);
    await form.getByRole('button').click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Tinjauan disimpan.');
    const officer = await as('officer1', javaScriptEnabled);
    await officer.goto(`${app.server.url}/me/training?year=${YEAR}`);
    await officer.locator(`a[href^="/me/training/"]`, { hasText: title }).first().click();
    await expect
      .poll(() => officer.locator('body').textContent())
      .toContain(`Sudah diterapkan di loket (${javaScriptEnabled ? 'JS' : 'tanpa JS'}).`);
  });

  it('HR reads the effect page and next year’s plan lists the PNS below 20 JP first', { timeout: 60_000 }, async () => {
    const page = await as('hr', javaScriptEnabled);
    await page.goto(`${app.server.url}/reports/development/effect?year=${YEAR}`);
    expect(await page.locator('body').textContent()).toContain(title);
    expect(await page.locator('body').textContent()).toContain('bukan bukti');
    await axeClean(page, 'effect');
    await page.goto(`${app.server.url}/reports/development/plan?department=DINKES&year=${YEAR + 1}`);
    const firstBelow = page.locator('#below-jp tbody tr').first();
    expect(await firstBelow.textContent()).toContain(nip(6));
    expect(await page.locator('#below-jp').textContent()).not.toContain(nip(1));
    const draft = page.getByRole('button', { name: /Susun rancangan/ });
    if ((await draft.count()) > 0) {
      await draft.click();
      await expect.poll(() => page.locator('body').textContent()).toContain(`1 PNS belum mencapai 20 JP pada ${YEAR} didahulukan`);
    }
    await axeClean(page, 'plan with evidence');
    expect(trainingUrl).toMatch(/\/reports\/development\/trainings\/\d+$/);
  });
});
