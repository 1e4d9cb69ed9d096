// The WhatsApp channel end to end against a fake Graph API on loopback: the webhook handshake, the
// signature check, a whole conversation (category list, shared location, kecamatan and kelurahan
// lists, description, a photo through the image pipeline, privacy, confirmation) that files a routed
// complaint with channel 'whatsapp', a repeated delivery ignored, "status KODE", and a staff response
// and a resolution reaching the resident as WhatsApp messages through the outbox worker (a text inside
// the 24-hour window, the template outside it), with an honest record when the Graph API refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWhatsappReplies, expireConversations } from '../../src/server/channels/whatsapp-jobs.ts';
import { downloadComplaintData, eraseComplaintContact } from '../../src/server/dataprotection/dataprotection.service.ts';
import { MAX_ATTEMPTS } from '../../src/server/notifications/delivery.ts';
import type { WhatsappConfig } from '../../src/server/config.ts';
import { jpeg } from '../support/complaints.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startFakeGraph, signBody, webhookBody, type FakeGraph, type SentMessage } from '../support/fake-graph.ts';
import { postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

const PHONE_ID = '109876543210';
const ACCESS_TOKEN = 'uji-token-akses-graph-0123456789';
const APP_SECRET = 'uji-rahasia-aplikasi-meta';
const VERIFY_TOKEN = 'uji-verify-token-suara-warga';
const RESIDENT = '6281234567001';
const OTHER = '6281234567002';
const THIRD = '6281234567003';
const FOURTH = '6281234567004';
const FIFTH = '6281234567005';

let db: TestDb;
let graph: FakeGraph;
let server: RunningServer;
let uploadDir: string;
let cfg: WhatsappConfig;

beforeAll(async () => {
  db = await createTestDb();
  graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_ID });
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-wa-'));
  cfg = {
    verifyToken: VERIFY_TOKEN,
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    phoneNumberId: PHONE_ID,
    graphUrl: graph.graphUrl,
    templateName: 'pembaruan_pengaduan',
    perMinute: 40,
  };
  server = await startServer({
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_GRAPH_URL: graph.graphUrl,
  });
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
  await db?.cleanup();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** Posts one message as Meta would (no Origin, no cookies, signed); returns the status and what was sent back. */
async function deliver(
  from: string,
  message: Record<string, unknown>,
  opts: { id?: string; secret?: string } = {},
): Promise<{ status: number; id: string; replies: SentMessage[] }> {
  const before = graph.sent.length;
  const { id, body } = webhookBody(PHONE_ID, from, message, opts.id);
  const r = await fetch(`${server.url}/channels/whatsapp/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signBody(opts.secret ?? APP_SECRET, body) },
    body,
  });
  await r.text();
  return { status: r.status, id, replies: graph.sent.slice(before) };
}

const text = (body: string) => ({ type: 'text', text: { body } });
const choose = (id: string) => ({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title: id } } });
const button = (id: string) => ({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title: id } } });
const rowsOf = (m: SentMessage | undefined): { id: string; title: string }[] =>
  m?.body.interactive?.action?.sections?.flatMap((s: any) => s.rows) ?? [];
const bodyOf = (m: SentMessage | undefined): string => m?.body.text?.body ?? m?.body.interactive?.body?.text ?? '';
const lastList = (replies: SentMessage[]) => replies.filter((m) => m.body.interactive?.type === 'list').at(-1);

describe(`WhatsApp channel (${dialectName})`, () => {
  it('answers the verification handshake with the challenge, and refuses a wrong token', async () => {
    const ok = await fetch(
      `${server.url}/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(
      `${server.url}/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=salah-token&hub.challenge=1158201444`,
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('refuses a body whose signature is wrong or missing, and acts on nothing in it', async () => {
    const forged = await deliver(OTHER, text('halo'), { secret: 'bukan-rahasia-aplikasi' });
    expect(forged.status).toBe(401);
    const { body } = webhookBody(PHONE_ID, OTHER, text('halo'));
    const unsigned = await fetch(`${server.url}/channels/whatsapp/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(forged.replies).toEqual([]);
    expect(await db.db.selectFrom('whatsapp_seen_messages').select('message_id').execute()).toEqual([]);
    expect(await db.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  let code = '';
  let key = '';
  it('takes a resident from greeting to a filed, routed complaint with a location and a photo', async () => {
    const hello = await deliver(RESIDENT, text('Selamat pagi'));
    expect(hello.status).toBe(200);
    expect(hello.replies.map((m) => m.to)).toEqual([RESIDENT, RESIDENT]);
    expect(bodyOf(hello.replies[0])).toContain('layanan pengaduan');
    const categories = rowsOf(lastList(hello.replies));
    expect(categories.length).toBeLessThanOrEqual(10);
    expect(categories.map((r) => r.id)).toContain('cat:jalan-rusak');
    // The next page of a long list.
    const next = categories.find((r) => r.id.startsWith('page:'));
    expect(next).toBeDefined();
    const page2 = await deliver(RESIDENT, choose(next!.id));
    expect(rowsOf(lastList(page2.replies)).map((r) => r.id)).not.toContain('cat:jalan-rusak');

    const cat = await deliver(RESIDENT, choose('cat:jalan-rusak'));
    expect(bodyOf(cat.replies[0])).toMatch(/Lokasi/);
    const loc = await deliver(RESIDENT, {
      type: 'location',
      location: { latitude: -2.990934, longitude: 104.756554, name: 'Simpang', address: 'Jl. Uji' },
    });
    const kecamatan = rowsOf(lastList(loc.replies));
    expect(kecamatan.length).toBeGreaterThan(1);
    const kec = await deliver(RESIDENT, choose(kecamatan[0]!.id));
    const kelurahan = rowsOf(lastList(kec.replies)).filter((r) => r.id.startsWith('kel:'));
    expect(kelurahan.length).toBeGreaterThan(0);
    const kel = await deliver(RESIDENT, choose(kelurahan[0]!.id));
    expect(bodyOf(kel.replies[0])).toMatch(/Ceritakan/);
    const short = await deliver(RESIDENT, text('Jalan rusak'));
    expect(bodyOf(short.replies[0])).toMatch(/20 sampai 5000/);
    const desc = await deliver(
      RESIDENT,
      text('Jalan berlubang besar di depan sekolah dasar, sudah dua minggu membahayakan pengendara motor.'),
    );
    expect(bodyOf(desc.replies[0])).toMatch(/3 foto/);

    graph.addMedia('media-uji-1', await jpeg(120, 90, true), 'image/jpeg');
    const photo = await deliver(RESIDENT, { type: 'image', image: { id: 'media-uji-1', mime_type: 'image/jpeg', sha256: 'x' } });
    expect(bodyOf(photo.replies[0])).toMatch(/Foto 1 dari 3/);
    const done = await deliver(RESIDENT, text('selesai'));
    expect(rowsOf(lastList(done.replies)).map((r) => r.id)).toEqual(['priv:public', 'priv:anonymous', 'priv:confidential']);
    const privacy = await deliver(RESIDENT, choose('priv:public'));
    expect(bodyOf(privacy.replies[0])).toMatch(/Jalan berlubang besar/);
    expect(privacy.replies[0]!.body.interactive.action.buttons.map((b: any) => b.reply.id)).toEqual(['confirm:yes', 'confirm:no']);

    const filed = await deliver(RESIDENT, button('confirm:yes'));
    const receipt = bodyOf(filed.replies[0]);
    code = /\*([A-Z]+-\d{2}-[A-Z0-9]+)\*/.exec(receipt)?.[1] ?? '';
    key = /(?:Kunci akses|Access key): (\S+)/.exec(receipt)?.[1] ?? '';
    expect(code).not.toBe('');
    expect(key).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);

    const c = await db.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      channel: 'whatsapp',
      reporter_phone: `+${RESIDENT}`,
      state: 'assigned',
      privacy: 'public',
      reporter_locale: 'id',
    });
    expect(c.kelurahan_code).toBe(kelurahan[0]!.id.slice(4));
    expect(Number(c.latitude)).toBeCloseTo(-2.990934, 6);
    const photos = await db.db.selectFrom('complaint_photos').select('file_name').where('complaint_id', '=', c.id).execute();
    expect(photos).toHaveLength(1);
    const stored = fs.readFileSync(path.join(uploadDir, photos[0]!.file_name));
    expect(stored.toString('latin1')).not.toContain('GPS-SECRET-TEST');
    // The conversation is gone; the access key was never stored readable.
    expect(await db.db.selectFrom('whatsapp_conversations').selectAll().execute()).toEqual([]);
    const rows = await db.db.selectFrom('outbox').select(['body_text', 'secret_link', 'sent_at', 'channel']).execute();
    expect(rows.every((r) => r.channel === 'whatsapp' && r.sent_at !== null && r.secret_link === null)).toBe(true);
    expect(rows.some((r) => r.body_text.includes(key))).toBe(false);
    expect(server.output()).not.toContain(RESIDENT);
  });

  it('ignores a repeated delivery of the same message id', async () => {
    const first = await deliver(OTHER, text('halo'));
    expect(first.replies).toHaveLength(2);
    const again = await deliver(OTHER, text('halo'), { id: first.id });
    expect(again.status).toBe(200);
    expect(again.replies).toEqual([]);
    const cancel = await deliver(OTHER, text('batal'));
    expect(bodyOf(cancel.replies[0])).toMatch(/dibatalkan/);
    expect(await db.db.selectFrom('whatsapp_conversations').selectAll().execute()).toEqual([]);
  });

  it('answers "status KODE" with the state, in English on request', async () => {
    const mine = await deliver(RESIDENT, text(`status ${code.toLowerCase()}`));
    expect(bodyOf(mine.replies[0])).toContain(`Pengaduan ${code}: Diteruskan ke dinas.`);
    expect(bodyOf(mine.replies[0])).toContain('Ditangani oleh');
    const unknown = await deliver(OTHER, text('status PLG-26-TIDAKADA'));
    expect(bodyOf(unknown.replies[0])).toMatch(/tidak ditemukan/);
    const english = await deliver(OTHER, text('english'));
    expect(bodyOf(english.replies[0])).toMatch(/complaint service/);
    const status = await deliver(OTHER, text(`status ${code}`));
    expect(bodyOf(status.replies[0])).toContain(`Complaint ${code}:`);
    await deliver(OTHER, text('cancel'));
  });

  it('sends a staff response inside the window as text and a resolution outside it as the template, through the outbox worker', async () => {
    const officer = await createTestUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const cookie = await sessionCookie(db.db, officer.id);
    const before = graph.sent.length;
    const r = await postForm(
      server.url,
      `/staff/complaints/${code}`,
      { action: 'respond', note: 'Tim PUPR akan menambal lubang itu hari Kamis.' },
      { cookie },
    );
    expect(r.status).toBe(303);
    // Queued by the server, sent by the worker's job (not by the request).
    expect(graph.sent.length).toBe(before);
    expect(await deliverWhatsappReplies(db.db, cfg)).toMatchObject({ sent: 1 });
    const notice = graph.sent.at(-1)!;
    expect(notice).toMatchObject({ to: RESIDENT, type: 'text' });
    expect(notice.body.text.body).toContain('Tim PUPR akan menambal lubang itu hari Kamis.');

    // The resident's last message is now more than 24 hours old: only a template may go.
    await db.db
      .updateTable('whatsapp_seen_messages')
      .set({ received_at: Date.now() - 25 * 60 * 60 * 1000 })
      .execute();
    // The resident sent a photo and the resolution has none: it waits for the resolution check (issue 21);
    // the resident hears of it once a checker accepts it.
    graph.failNextSends(1);
    const resolved = await postForm(
      server.url,
      `/staff/complaints/${code}`,
      { action: 'resolve', note: 'Lubang sudah ditambal dan jalan dibuka kembali.' },
      { cookie },
    );
    expect(resolved.status).toBe(303);
    expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', `complaint.resolve:${code}`).execute()).toEqual([]);
    const check = await db.db
      .selectFrom('resolution_checks as k')
      .innerJoin('complaints as c', 'c.id', 'k.complaint_id')
      .select(['k.id', 'k.version', 'k.reasons'])
      .where('c.code', '=', code)
      .executeTakeFirstOrThrow();
    expect(check.reasons).toContain('no_photo');
    const checker = await createTestUser(db.db, { role: 'verifier' });
    const accepted = await postForm(
      server.url,
      '/staff/resolution-checks',
      { action: 'accept', check: String(check.id), version: String(check.version) },
      { cookie: await sessionCookie(db.db, checker.id) },
    );
    expect(accepted.status).toBe(303);
    expect(await deliverWhatsappReplies(db.db, cfg)).toMatchObject({ sent: 0, retried: 1 });
    const pending = await db.db
      .selectFrom('outbox')
      .select(['attempts', 'last_error', 'sent_at'])
      .where('topic', '=', `complaint.resolve:${code}`)
      .where('channel', '=', 'whatsapp')
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ attempts: 1, sent_at: null });
    expect(pending.last_error).toMatch(/HTTP 500/);
    expect(pending.last_error).not.toContain(RESIDENT.slice(2));
    expect(await deliverWhatsappReplies(db.db, cfg, new Date(Date.now() + 60 * 60_000))).toMatchObject({ sent: 1 });
    const template = graph.sent.at(-1)!;
    expect(template).toMatchObject({ to: RESIDENT, type: 'template' });
    expect(template.body.template).toEqual({
      name: 'pembaruan_pengaduan',
      language: { code: 'id' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: code }] }],
    });
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });

  it('applies two photos sent at once both (compare-and-set, retried), and cancelling deletes what was collected', async () => {
    await deliver(THIRD, text('halo'));
    await deliver(THIRD, choose('cat:sampah'));
    const skip = await deliver(THIRD, text('lewati'));
    const kec = await deliver(THIRD, choose(rowsOf(lastList(skip.replies))[0]!.id));
    await deliver(THIRD, choose(rowsOf(lastList(kec.replies)).find((r) => r.id.startsWith('kel:'))!.id));
    await deliver(THIRD, text('Sampah menumpuk di pinggir jalan sejak minggu lalu dan mulai berbau.'));
    graph.addMedia('media-uji-2', await jpeg(80, 60), 'image/jpeg');
    graph.addMedia('media-uji-3', await jpeg(60, 80), 'image/jpeg');
    const before = graph.sent.length;
    const both = await Promise.all([
      deliver(THIRD, { type: 'image', image: { id: 'media-uji-2', mime_type: 'image/jpeg' } }),
      deliver(THIRD, { type: 'image', image: { id: 'media-uji-3', mime_type: 'image/jpeg' } }),
    ]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    const said = graph.sent.slice(before).map(bodyOf).sort();
    expect(said).toEqual([expect.stringMatching(/Foto 1 dari 3/), expect.stringMatching(/Foto 2 dari 3/)]);
    const conv = await db.db.selectFrom('whatsapp_conversations').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(conv.data)).toMatchObject({ photos: 2, category: 'sampah' });
    const folder = path.join(uploadDir, 'pending', conv.form_id);
    expect(fs.readdirSync(folder).filter((f) => !f.includes('.thumb.'))).toHaveLength(2);
    expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', `whatsapp.reply:${conv.form_id}`).execute()).not.toEqual([]);

    const cancel = await deliver(THIRD, text('batal'));
    expect(bodyOf(cancel.replies[0])).toMatch(/dibatalkan/);
    expect(await db.db.selectFrom('whatsapp_conversations').selectAll().execute()).toEqual([]);
    expect(fs.existsSync(folder)).toBe(false);
    // The replies that quoted the description are gone with it.
    expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', `whatsapp.reply:${conv.form_id}`).execute()).toEqual([]);
  });

  it('deletes a conversation left idle, with the replies that quoted it', async () => {
    await deliver(FOURTH, text('halo'));
    await deliver(FOURTH, choose('cat:sampah'));
    const conv = await db.db.selectFrom('whatsapp_conversations').selectAll().executeTakeFirstOrThrow();
    expect(await expireConversations(db.db, new Date(), uploadDir)).toMatchObject({ expired: 0 });
    expect(await expireConversations(db.db, new Date(Number(conv.expires_at) + 1), uploadDir)).toMatchObject({ expired: 1 });
    expect(await db.db.selectFrom('whatsapp_conversations').selectAll().execute()).toEqual([]);
    expect(await db.db.selectFrom('outbox').select('id').where('topic', '=', `whatsapp.reply:${conv.form_id}`).execute()).toEqual([]);
    // A new message starts afresh.
    const again = await deliver(FOURTH, text('halo lagi'));
    expect(bodyOf(again.replies[0])).toContain('layanan pengaduan');
  });

  it('answers a signed body that is not JSON with 400 and an odd JSON shape with 200, acting on nothing', async () => {
    const seen = await db.db.selectFrom('whatsapp_seen_messages').select('message_id').execute();
    for (const [body, status] of [
      ['bukan json', 400],
      ['{"object":"whatsapp_business_account","entry":{"x":1}}', 200],
      ['[1,2,3]', 200],
      ['{"object":"page","entry":[]}', 200],
    ] as const) {
      const r = await fetch(`${server.url}/channels/whatsapp/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signBody(APP_SECRET, body) },
        body,
      });
      expect(r.status, body).toBe(status);
    }
    expect(await db.db.selectFrom('whatsapp_seen_messages').select('message_id').execute()).toHaveLength(seen.length);
  });

  it('gives the reporter their number in the complaint download, and erases it from the complaint and every message to it', async () => {
    const ctx = { now: new Date(), siteUrl: server.url };
    expect(JSON.stringify(await downloadComplaintData(db.db, code, key, ctx))).toContain(`+${RESIDENT}`);
    expect(
      await db.db.selectFrom('outbox').select('id').where('recipient', '=', `+${RESIDENT}`).where('topic', 'like', `%${code}%`).execute(),
    ).not.toEqual([]);
    expect(await eraseComplaintContact(db.db, code, key, ctx)).not.toBeNull();
    const c = await db.db.selectFrom('complaints').select(['reporter_phone', 'channel']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(c).toEqual({ reporter_phone: null, channel: 'whatsapp' });
    expect(await db.db.selectFrom('outbox').select(['topic']).where('recipient', '=', `+${RESIDENT}`).execute()).toEqual([]);
  });

  it('files once when "Kirim" is tapped twice at the same moment, and repeats the same receipt', async () => {
    await deliver(FIFTH, text('halo'));
    await deliver(FIFTH, choose('cat:drainase'));
    const skip = await deliver(FIFTH, text('lewati'));
    const kec = await deliver(FIFTH, choose(rowsOf(lastList(skip.replies))[0]!.id));
    await deliver(FIFTH, choose(rowsOf(lastList(kec.replies)).find((r) => r.id.startsWith('kel:'))!.id));
    await deliver(FIFTH, text('Saluran air tersumbat sampah sehingga jalan tergenang setiap hujan turun.'));
    await deliver(FIFTH, text('lewati'));
    await deliver(FIFTH, choose('priv:anonymous'));
    const before = graph.sent.length;
    const open = (await db.db.selectFrom('whatsapp_conversations').select('sender_hash').execute()).length;
    await Promise.all([deliver(FIFTH, button('confirm:yes')), deliver(FIFTH, button('confirm:yes'))]);
    // Each tap gets one answer: the receipt, or (the second, once the first had ended the conversation) the same
    // receipt again or word that the conversation has ended; never a new conversation.
    const said = graph.sent.slice(before).map(bodyOf);
    expect(said, said.join('\n---\n')).toHaveLength(2);
    const codes = said.map((b) => /\*([A-Z]+-\d{2}-[A-Z0-9]+)\*/.exec(b)?.[1]).filter(Boolean);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(codes).size, said.join('\n---\n')).toBe(1);
    for (const b of said) expect(b, said.join('\n---\n')).toMatch(/diterima dengan kode|sudah selesai/);
    expect(await db.db.selectFrom('whatsapp_conversations').select('sender_hash').execute()).toHaveLength(open - 1);
    const filed = await db.db.selectFrom('complaints').select(['code', 'privacy']).where('reporter_phone', '=', `+${FIFTH}`).execute();
    expect(filed).toEqual([{ code: codes[0], privacy: 'anonymous' }]);
  });
});
