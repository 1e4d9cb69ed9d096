// A phone photo is scaled down in the browser before it is sent (JavaScript on): what goes over the
// network is smaller than what was chosen, and the complaint is stored with the photo at 1600 px
// (the server alone would have kept 2048 px). A file over the per-file limit that the browser cannot
// shrink is refused beside the field before anything is sent.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from '../support/e2e-app.ts';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page, Request } from 'playwright-core';

const app = useE2eApp({ env: { COMPLAINT_MIN_FILL_SECONDS: '0' }, uploads: true });

async function fillText(page: Page, title: string) {
  await page.getByLabel('Judul').fill(title);
  await page.getByLabel(/Lainnya atau tidak tahu/).check();
  await page.getByLabel('Uraian').fill('Genangan air setinggi lutut di depan sekolah setiap hujan deras sejak sebulan lalu.');
  await page.getByLabel('Kelurahan').selectOption({ label: '35 Ilir' });
}

describe('photos scaled in the browser', () => {
  it('sends a 4000×3000 photo scaled to 1600 px and smaller than chosen, and the complaint is stored with it', async () => {
    // A camera-like photo: detail everywhere, so it is big (over the 5 MB per-file limit as chosen).
    const big = await sharp({
      create: { width: 4000, height: 3000, channels: 3, background: '#6a8caf', noise: { type: 'gaussian', mean: 120, sigma: 60 } },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/complaints/new`);
    const title = 'Genangan di depan SD Negeri 5';
    await fillText(page, title);
    await page.getByLabel('Foto (opsional, paling banyak 3)').setInputFiles({ name: 'kamera.jpg', mimeType: 'image/jpeg', buffer: big });
    const sent: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/complaints/new')) sent.push(r);
    });
    // Submitted at once: the form waits for the scaling, then sends.
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await page.waitForURL(`${app.server.url}/complaints/submitted`);
    expect(sent).toHaveLength(1);
    const sentBytes = Number(await sent[0]!.headerValue('content-length'));
    expect(sentBytes).toBeGreaterThan(0);
    expect(sentBytes).toBeLessThan(big.length / 2);
    const c = await app.db.db.selectFrom('complaints').select('id').where('title', '=', title).executeTakeFirstOrThrow();
    const photos = await app.db.db
      .selectFrom('complaint_photos')
      .select(['width', 'height', 'content_type', 'file_name'])
      .where('complaint_id', '=', c.id)
      .execute();
    expect(photos.map((p) => [p.width, p.height, p.content_type])).toEqual([[1600, 1200, 'image/jpeg']]);
    expect(fs.existsSync(path.join(app.uploadDir, photos[0]!.file_name))).toBe(true);
    await ctx.close();
  });

  it('refuses a file over 5 MB that cannot be made smaller, beside the field, before sending anything', async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await page.goto(`${app.server.url}/complaints/new`);
    await fillText(page, 'Foto rusak yang terlalu besar');
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST') posted += 1;
    });
    // Not decodable (so not shrinkable), and 6 MB.
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(6 * 1024 * 1024, 7)]);
    await page.getByLabel('Foto (opsional, paling banyak 3)').setInputFiles({ name: 'rusak.jpg', mimeType: 'image/jpeg', buffer: junk });
    const message = page.locator('#photos-size-error');
    await message.waitFor({ state: 'visible' });
    await expect(message.textContent()).resolves.toBe(
      'Foto “rusak.jpg” lebih besar dari 5 MB dan tidak dapat diperkecil di perangkat ini, jadi belum dikirim. Pilih foto lain atau perkecil dulu.',
    );
    await expect(page.getByLabel('Foto (opsional, paling banyak 3)').getAttribute('aria-describedby')).resolves.toContain(
      'photos-size-error',
    );
    await page.getByRole('button', { name: 'Kirim pengaduan' }).click();
    await expect(message.isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('photos');
    expect(posted).toBe(0);
    expect(page.url()).toBe(`${app.server.url}/complaints/new`);
    await expect(page.getByLabel('Judul').inputValue()).resolves.toBe('Foto rusak yang terlalu besar');
    await ctx.close();
  });
});
