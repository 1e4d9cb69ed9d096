// Hostile photo uploads are refused with a message beside the field and leave nothing behind:
// no complaint row, no photo row, no file in the upload directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { complaintFields, jpeg, postComplaint, readReceipt, type PostedFile } from '../support/complaints.ts';

let db: TestDb;
let server: RunningServer;
let uploadDir: string;

beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-up-'));
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function expectRefused(files: PostedFile[], message: string) {
  const r = await postComplaint(server.url, complaintFields(), files);
  expect(r.status).toBe(422);
  const html = await r.text();
  expect(html).toContain('id="photos-error"');
  expect(html).toContain(message);
  expect(html).toContain('value="Bau limbah dari pabrik tahu"');
  const n = await db.db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(n.n)).toBe(0);
  const p = await db.db
    .selectFrom('complaint_photos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(p.n)).toBe(0);
  // A refused photo is not even kept pending.
  expect(fs.readdirSync(uploadDir)).toEqual([]);
}

describe(`photo uploads (${dialectName})`, () => {
  it('refuses an HTML/JPEG polyglot', async () => {
    const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
    const polyglot = Buffer.concat([await jpeg(), html]);
    await expectRefused([{ name: 'foto.jpg', type: 'image/jpeg', data: polyglot }], 'kode halaman web');
    // Markup hidden in a JPEG comment segment, right after the SOI marker.
    const img = await jpeg();
    const comment = Buffer.from('<!doctype html><script>alert(1)</script>');
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]);
    await expectRefused(
      [{ name: 'foto.jpg', type: 'image/jpeg', data: Buffer.concat([img.subarray(0, 2), com, img.subarray(2)]) }],
      'kode halaman web',
    );
  });

  it('refuses an SVG with a script, whatever it is called', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expectRefused([{ name: 'gambar.svg', type: 'image/svg+xml', data: svg }], 'bukan foto JPEG, PNG atau WebP');
    await expectRefused([{ name: 'gambar.png', type: 'image/png', data: svg }], 'bukan foto JPEG, PNG atau WebP');
  });

  it('refuses a text file with an image extension and type', async () => {
    await expectRefused(
      [{ name: 'foto.jpg', type: 'image/jpeg', data: Buffer.from('GIF89a? no, just text pretending to be a photo') }],
      'bukan foto JPEG, PNG atau WebP',
    );
  });

  it('refuses a zero-byte file', async () => {
    await expectRefused([{ name: 'kosong.jpg', type: 'image/jpeg', data: Buffer.alloc(0) }], 'kosong (0 byte)');
  });

  it('refuses a truncated image', async () => {
    const full = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } },
    })
      .jpeg()
      .toBuffer();
    await expectRefused(
      [{ name: 'potong.jpg', type: 'image/jpeg', data: full.subarray(0, Math.floor(full.length / 2)) }],
      'rusak atau tidak lengkap',
    );
  });

  it('refuses a photo over 5 MB', async () => {
    const big = Buffer.concat([await jpeg(), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    await expectRefused([{ name: 'besar.jpg', type: 'image/jpeg', data: big }], 'lebih besar dari 5 MB');
  });

  it('refuses a decompression bomb (a small file with a huge pixel count)', async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#000000' } })
      .greyscale()
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefused([{ name: 'bom.png', type: 'image/png', data: bomb }], 'terlalu besar ukuran pikselnya');
  });

  it('refuses a file name that tries to climb directories', async () => {
    await expectRefused([{ name: '../../etc/cron.d/x.jpg', type: 'image/jpeg', data: await jpeg() }], 'tidak valid');
  });

  it('refuses more than three photos', async () => {
    const p = await jpeg();
    await expectRefused(
      Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.jpg`, type: 'image/jpeg', data: p })),
      'Paling banyak 3 foto',
    );
  });

  it('accepts three good photos of the three kinds and stores them under generated names', async () => {
    const files: PostedFile[] = [
      { name: 'a.jpg', type: 'image/jpeg', data: await jpeg() },
      // A PNG named .jpg is judged by its content, not its name.
      {
        name: 'b.jpg',
        type: 'image/jpeg',
        data: await sharp({ create: { width: 30, height: 30, channels: 3, background: '#00ff00' } })
          .png()
          .toBuffer(),
      },
      {
        name: 'c.webp',
        type: 'image/webp',
        data: await sharp({ create: { width: 30, height: 30, channels: 3, background: '#0000ff' } })
          .webp()
          .toBuffer(),
      },
    ];
    const r = await postComplaint(server.url, complaintFields(), files);
    expect(r.status).toBe(303);
    // Beside them only the (now empty) folder of pending photos.
    const stored = fs
      .readdirSync(uploadDir)
      .filter((f) => f !== 'pending' && !f.endsWith('.thumb.jpg'))
      .sort();
    expect(fs.readdirSync(path.join(uploadDir, 'pending'))).toEqual([]);
    expect(stored).toHaveLength(3);
    for (const f of stored) expect(f).toMatch(/^[0-9a-f]{32}\.(jpg|png|webp)$/);
    // Each with its thumbnail beside it.
    for (const f of stored) expect(fs.existsSync(path.join(uploadDir, f.replace(/\.\w+$/, '.thumb.jpg')))).toBe(true);
    const types = (await db.db.selectFrom('complaint_photos').select('content_type').orderBy('sort_order').execute()).map(
      (p) => p.content_type,
    );
    expect(types).toEqual(['image/jpeg', 'image/png', 'image/webp']);
  });

  it('serves the complaint page a small thumbnail, under the same access rules, and the full photo behind it', async () => {
    // A photo as a phone takes it, with detail so the sizes mean something.
    const big = await sharp({
      create: { width: 1600, height: 1200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const r = await postComplaint(server.url, complaintFields({ privacy: 'confidential' }), [
      { name: 'jalan.jpg', type: 'image/jpeg', data: big },
    ]);
    const { code, cookie } = await readReceipt(server.url, r);
    const page = await (await fetch(`${server.url}/complaints/${code}`, { headers: { cookie } })).text();
    const src = /<img src="([^"]*\/photos\/[^"]*)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    expect(src).toMatch(/\?size=thumb$/);
    const thumb = await fetch(`${server.url}${src}`, { headers: { cookie } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const thumbData = Buffer.from(await thumb.arrayBuffer());
    const full = await fetch(`${server.url}${src!.replace('?size=thumb', '')}`, { headers: { cookie } });
    const fullData = Buffer.from(await full.arrayBuffer());
    expect((await sharp(thumbData).metadata()).width).toBe(320);
    expect((await sharp(fullData).metadata()).width).toBe(1600);
    expect(thumbData.length).toBeLessThan(fullData.length / 10);
    // Someone without the access key gets neither.
    expect((await fetch(`${server.url}${src}`)).status).toBe(404);
    // A photo stored before thumbnails existed: the full image, not a broken picture.
    fs.rmSync(
      path.join(
        uploadDir,
        src!
          .split('/')
          .pop()!
          .replace(/\.\w+\?size=thumb$/, '.thumb.jpg'),
      ),
    );
    const old = await fetch(`${server.url}${src}`, { headers: { cookie } });
    expect(old.status).toBe(200);
    expect(Buffer.from(await old.arrayBuffer()).equals(fullData)).toBe(true);
  });
});
