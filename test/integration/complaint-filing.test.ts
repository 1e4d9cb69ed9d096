// The filing path's defences against bots, double taps, shared addresses and full disks, over HTTP
// against the built server: the signed form token (fill time from the form's first render, one
// complaint per form), per-device limits under a high per-address ceiling, photos kept across an
// error, a storage failure and an oversized body answered with the form and nothing typed lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, cookiesOf, formToken, jpeg, postComplaint, readReceipt, tokenIn } from '../support/complaints.ts';
import { issueFormToken, readFormToken } from '../../src/server/complaints/form-token.ts';
import { rateLimitKey } from '../../src/server/security/rate-limit.ts';
import { ATTEMPTS_PER_DEVICE_HOUR } from '../../src/server/limits.ts';
import { cleanUpPhotoFiles } from '../../src/server/complaints/photo-files.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-filing-'));
  // The default minimum fill time (3 s); two complaints an hour per device or account.
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '2',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const count = async () =>
  Number(
    (
      await db.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const countWithTitle = async (title: string) =>
  (await db.db.selectFrom('complaints').select('id').where('title', '=', title).execute()).length;

/** A token as the form's first render hands it out, rendered `agoMs` before now (a person filling it in). */
async function tokenRenderedAgo(agoMs: number): Promise<string> {
  const fresh = (await readFormToken(db.db, await formToken(server.url)))!;
  return issueFormToken(db.db, { ...fresh, issuedAt: Date.now() - agoMs });
}

describe(`fill time (${dialectName})`, () => {
  it('counts from the first render: a quick resubmit after fixing a typo is stored, with a real receipt', async () => {
    const token = await tokenRenderedAgo(60_000);
    const title = 'Lampu jalan mati di depan masjid';
    const bad = await postComplaint(server.url, complaintFields({ form_token: token, title, description: 'pendek' }));
    expect(bad.status).toBe(422);
    const again = tokenIn(await bad.text());
    // The re-rendered form keeps the first render's token, so the resubmit a second later is not "too fast".
    expect(again).toBe(token);
    const r = await postComplaint(server.url, complaintFields({ form_token: again, title }));
    const receipt = await readReceipt(server.url, r);
    expect(await countWithTitle(title)).toBe(1);
    expect(receipt.html).toMatch(/paling lambat \d/);
    expect((await fetch(`${server.url}/complaints/${receipt.code}`)).status).toBe(200);
    const filing = await db.db.selectFrom('complaint_filings').select('suspect').executeTakeFirstOrThrow();
    expect(filing.suspect).toBeNull();
  });

  it('stores a submission sent sooner than a person could, flags it for the verifier, and never routes it by itself', async () => {
    const title = 'Dikirim secepat mesin';
    const r = await postComplaint(server.url, complaintFields({ title }));
    const receipt = await readReceipt(server.url, r);
    // What the receipt says is true: the complaint exists and its code answers.
    expect((await fetch(`${server.url}/complaints/${receipt.code}`)).status).toBe(200);
    expect(receipt.html).toMatch(/paling lambat \d/);
    const c = await db.db.selectFrom('complaints').select(['id', 'state']).where('code', '=', receipt.code).executeTakeFirstOrThrow();
    // The category (pencemaran) routes to DLHK by itself; a possible bot waits for the verifier instead.
    expect(c.state).toBe('submitted');
    const verifier = await createTestUser(db.db, { role: 'verifier' });
    const queue = await (
      await fetch(`${server.url}/staff/verify`, { headers: { cookie: await sessionCookie(db.db, verifier.id) } })
    ).text();
    const row = queue.slice(queue.indexOf(`data-code="${receipt.code}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('Kemungkinan bot');
  });
});

describe(`one complaint per form (${dialectName})`, () => {
  it('answers a second POST of the same form with the first receipt, and stores one complaint', async () => {
    const token = await tokenRenderedAgo(60_000);
    const title = 'Jawaban hilang, dikirim ulang';
    const first = await readReceipt(server.url, await postComplaint(server.url, complaintFields({ form_token: token, title })));
    const second = await readReceipt(server.url, await postComplaint(server.url, complaintFields({ form_token: token, title })));
    expect(second.code).toBe(first.code);
    expect(second.key).toBe(first.key);
    expect(first.key).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(await countWithTitle(title)).toBe(1);
    // Filed through the web form, and recorded so (DESIGN.md §10).
    expect((await db.db.selectFrom('complaints').select('channel').where('code', '=', first.code).executeTakeFirstOrThrow()).channel).toBe(
      'web',
    );
    // The key shown the second time opens the complaint as the first one does.
    const track = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: first.code, key: second.key }),
      redirect: 'manual',
    });
    expect(track.status).toBe(303);
  });

  it('stores one complaint with one photo for two concurrent POSTs of the same form (a double tap), both with the same receipt', async () => {
    const token = await tokenRenderedAgo(60_000);
    const title = 'Dua ketukan pada tombol kirim';
    const photo = { name: 'a.jpg', type: 'image/jpeg', data: await jpeg() };
    const [a, b] = await Promise.all([0, 1].map(() => postComplaint(server.url, complaintFields({ form_token: token, title }), [photo])));
    const [ra, rb] = [await readReceipt(server.url, a!), await readReceipt(server.url, b!)];
    expect(rb.code).toBe(ra.code);
    expect(rb.key).toBe(ra.key);
    expect(await countWithTitle(title)).toBe(1);
    const c = await db.db.selectFrom('complaints').select('id').where('code', '=', ra.code).executeTakeFirstOrThrow();
    const photos = await db.db.selectFrom('complaint_photos').select('file_name').where('complaint_id', '=', c.id).execute();
    expect(photos).toHaveLength(1);
    expect(fs.existsSync(path.join(uploadDir, photos[0]!.file_name))).toBe(true);
    // The losing request's copy of the photo is gone, not left pending.
    expect(fs.existsSync(path.join(uploadDir, 'pending', token.split('.')[0]!))).toBe(false);
  });
});

describe(`rate limits (${dialectName})`, () => {
  it('limits per device, not per shared address: neighbours behind one carrier address keep filing', async () => {
    // Four phones behind the same address (the test client is 127.0.0.1 for all), two complaints each.
    for (let phone = 0; phone < 4; phone++) {
      const page = await fetch(`${server.url}/complaints/new`);
      const device = cookiesOf(page);
      const token = tokenIn(await page.text());
      const readable = await readFormToken(db.db, token);
      for (let n = 0; n < 2; n++) {
        const t = await issueFormToken(db.db, {
          ...readable!,
          formId: readable!.formId.slice(0, 31) + String(n),
          issuedAt: Date.now() - 60_000,
        });
        const r = await postComplaint(server.url, complaintFields({ form_token: t, title: `Ponsel ${phone} pengaduan ${n}` }), [], device);
        expect(r.status, `phone ${phone} complaint ${n}`).toBe(303);
      }
      // The third from the same phone waits, and is told until when (local time).
      const third = await postComplaint(server.url, complaintFields({ title: `Ponsel ${phone} pengaduan ketiga` }), [], device);
      expect(third.status).toBe(429);
      const html = await third.text();
      expect(html).toMatch(/Pengaduan dapat dikirim lagi pukul \d{2}[.:]\d{2}/);
      expect(html).toContain(`value="Ponsel ${phone} pengaduan ketiga"`);
    }
  });

  it('keeps a per-address ceiling against floods', async () => {
    const ipKey = rateLimitKey('complaint.ip', '127.0.0.1');
    await db.db.deleteFrom('rate_limits').where('key', '=', ipKey).execute();
    await db.db.insertInto('rate_limits').values({ key: ipKey, window_start: Date.now(), points: 1000 }).execute();
    const before = await count();
    const r = await postComplaint(server.url, complaintFields({ form_token: await tokenRenderedAgo(60_000) }));
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await count()).toBe(before);
    await db.db.deleteFrom('rate_limits').where('key', '=', ipKey).execute();
  });

  it('refuses a decompression bomb from its header, and refuses image work at all past the attempt limit', async () => {
    // 7000 × 7000 (49 MP): under the old 50 MP limit it was decoded at seconds of CPU per request.
    const bomb = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#000000' } })
      .greyscale()
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await postComplaint(server.url, complaintFields({ form_token: await tokenRenderedAgo(60_000) }), [
      { name: 'bom.png', type: 'image/png', data: bomb },
    ]);
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('terlalu besar ukuran pikselnya');
    // Past the attempt limit of its device, a form with photos is refused before any decoding: one
    // point short of the limit, a POST with a photo costs two (one for the POST, one for the photo).
    const token = await tokenRenderedAgo(60_000);
    const { deviceId } = (await readFormToken(db.db, token))!;
    await db.db
      .insertInto('rate_limits')
      .values({ key: rateLimitKey('complaint.attempt.device', deviceId), window_start: Date.now(), points: ATTEMPTS_PER_DEVICE_HOUR - 1 })
      .execute();
    const limited = await postComplaint(server.url, complaintFields({ form_token: token, description: 'pendek' }), [
      { name: 'a.jpg', type: 'image/jpeg', data: await jpeg() },
    ]);
    expect(limited.status).toBe(429);
    expect(fs.existsSync(path.join(uploadDir, 'pending', token.split('.')[0]!))).toBe(false);
  });
});

describe(`photos across an error (${dialectName})`, () => {
  it('keeps the photo after a validation error, lets the resident remove one, and files the rest with the complaint', async () => {
    const token = await tokenRenderedAgo(60_000);
    const formId = token.split('.')[0]!;
    const title = 'Foto tetap ada setelah salah isi';
    const red = await jpeg(64, 48);
    const green = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const bad = await postComplaint(server.url, complaintFields({ form_token: token, title, category: '' }), [
      { name: 'merah.jpg', type: 'image/jpeg', data: red },
      { name: 'hijau.png', type: 'image/png', data: green },
    ]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    const kept = [...html.matchAll(/name="remove_photo" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(kept).toHaveLength(2);
    expect(html).toContain('alt="Foto 2 yang sudah dipilih"');
    // Resubmitted without choosing the photos again, and with the second one ticked for removal.
    const r = await postComplaint(server.url, { ...complaintFields({ form_token: token, title }), remove_photo: kept[1]! });
    const { code } = await readReceipt(server.url, r);
    const c = await db.db.selectFrom('complaints').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    const photos = await db.db
      .selectFrom('complaint_photos')
      .select(['file_name', 'content_type'])
      .where('complaint_id', '=', c.id)
      .execute();
    expect(photos).toEqual([{ file_name: kept[0], content_type: 'image/jpeg' }]);
    expect(fs.existsSync(path.join(uploadDir, kept[0]!))).toBe(true);
    expect(fs.existsSync(path.join(uploadDir, 'pending', formId))).toBe(false);
  });
});

describe(`storage failures and oversized bodies (${dialectName})`, () => {
  it('answers a full disk with the form, the text kept and a clear message; no empty file left behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-full-'));
    const full = await startServer({
      DATABASE_URL: db.url,
      UPLOAD_DIR: dir,
      COMPLAINT_MIN_FILL_SECONDS: '0',
      NODE_OPTIONS: `--import=${path.resolve(import.meta.dirname, '../support/enospc.mjs')}`,
    });
    try {
      const before = await count();
      const title = 'Disk penuh saat mengirim foto';
      const r = await postComplaint(full.url, complaintFields({ title }), [{ name: 'a.jpg', type: 'image/jpeg', data: await jpeg() }]);
      expect(r.status).toBe(503);
      const html = await r.text();
      expect(html).toContain('gangguan penyimpanan');
      expect(html).toContain(`value="${title}"`);
      expect(html).toContain('Setiap sore bau limbah');
      expect(await count()).toBe(before);
      expect(fs.readdirSync(dir).filter((f) => f !== 'pending')).toEqual([]);
      expect(fs.readdirSync(path.join(dir, 'pending'), { recursive: true }).filter((f) => /\.(jpg|png|webp)$/.test(String(f)))).toEqual([]);
    } finally {
      await full.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a body over the limit with the styled form, the text typed kept and a message, not a bare 413 page', async () => {
    const small = await startServer({ DATABASE_URL: db.url, UPLOAD_DIR: uploadDir, BODY_LIMIT_MB: '1' });
    try {
      const big = Buffer.concat([await jpeg(), Buffer.alloc(1024 * 1024 + 10)]);
      const token = await formToken(small.url);
      const r = await postComplaint(small.url, complaintFields({ form_token: token, title: 'Foto terlalu besar untuk dikirim' }), [
        { name: 'besar.jpg', type: 'image/jpeg', data: big },
      ]);
      expect(r.status).toBe(413);
      const html = await r.text();
      expect(html).toContain('lebih besar dari 1 MB');
      // The same form (token) again, with what was typed before the photos.
      expect(tokenIn(html)).toBe(token);
      expect(html).toContain('value="Foto terlalu besar untuk dikirim"');
      expect(html).toContain('Setiap sore bau limbah menyengat');
      expect(html).toMatch(/<link rel="stylesheet" href="\/_astro\//);
    } finally {
      await small.stop();
    }
  });
});

describe(`photo file cleanup (${dialectName})`, () => {
  it('finishes a rename a crash interrupted, removes abandoned pending files and orphans, keeps the rest', async () => {
    const committed = (await db.db.selectFrom('complaint_photos').select('file_name').executeTakeFirstOrThrow()).file_name;
    const [hex, ext] = committed.split('.');
    // As after a kill between commit and rename: the row names the final file, only the temporary one exists.
    fs.mkdirSync(path.join(uploadDir, 'pending', 'c'.repeat(32)), { recursive: true });
    fs.renameSync(path.join(uploadDir, committed), path.join(uploadDir, 'pending', 'c'.repeat(32), `${hex}-10x10.${ext}`));
    // Its thumbnail waited beside it, and follows it.
    fs.renameSync(path.join(uploadDir, `${hex}.thumb.jpg`), path.join(uploadDir, 'pending', 'c'.repeat(32), `${hex}.thumb.jpg`));
    fs.mkdirSync(path.join(uploadDir, 'pending', 'd'.repeat(32)), { recursive: true });
    fs.writeFileSync(path.join(uploadDir, 'pending', 'd'.repeat(32), `${'e'.repeat(32)}-10x10.jpg`), ''); // half-written
    fs.writeFileSync(path.join(uploadDir, 'pending', 'd'.repeat(32), `${'e'.repeat(32)}.thumb.jpg`), 'abandoned');
    fs.writeFileSync(path.join(uploadDir, `${'f'.repeat(32)}.jpg`), 'orphan');
    fs.writeFileSync(path.join(uploadDir, `${'f'.repeat(32)}.thumb.jpg`), 'orphan');
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    const result = await cleanUpPhotoFiles(db.db, uploadDir, later);
    expect(result.renamed).toBe(2);
    const rows = new Set((await db.db.selectFrom('complaint_photos').select('file_name').execute()).map((r) => r.file_name));
    // Every photo a row names, with its thumbnail; nothing else.
    const expected = new Set([...rows].flatMap((n) => [n, n.replace(/\.\w+$/, '.thumb.jpg')]));
    expect(new Set(fs.readdirSync(uploadDir).filter((f) => f !== 'pending'))).toEqual(expected);
    expect(fs.readdirSync(path.join(uploadDir, 'pending'))).toEqual([]);
  });
});
