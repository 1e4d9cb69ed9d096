// Following complaints and the public Atom feeds, over HTTP against the built server: the feeds parse
// as strict XML with Atom's required elements, links from PUBLIC_URL, nothing confidential, unverified,
// spam or personal; a resident follows a complaint, gets each public update by SMTP (never seeing the
// other followers), and the email's unsubscribe link asks before it acts and then stops the mail.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { respondToComplaint, transferComplaint, resolveComplaint } from '../../src/server/workflow/workflow.service.ts';
import { disputeResolution } from '../../src/server/workflow/resident.service.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { deliverOutbox, smtpMailer } from '../../src/server/notifications/delivery.ts';
import { downloadMyData, eraseMyAccount } from '../../src/server/dataprotection/dataprotection.service.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { sessionUser } from '../support/consultations.ts';
import { createTestUser, sessionCookie, TEST_PASSWORD } from '../support/users.ts';

const PUBLIC_URL = 'https://lapor.example.go.id';
const KEC = '16.71.01';
const KEL = '16.71.01.1001';
const OTHER_KEC = '16.71.02';
const C = {
  routed: 'PLG-26-FWXAA2',
  anonymous: 'PLG-26-FWXAB3',
  confidential: 'PLG-26-FWXAC4',
  spam: 'PLG-26-FWXAD5',
  waiting: 'PLG-26-FWXAE6',
  elsewhere: 'PLG-26-FWXAF7',
  hostile: 'PLG-26-FWXAG8',
};

let db: TestDb;
let server: RunningServer;
let smtp: TestSmtp;
let officer: SessionUser;
const people: Record<string, { id: number; email: string; cookie: string }> = {};

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Strict parse (saxes throws on any well-formedness error) into a small tree of namespaced elements. */
function parseStrict(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const node: XmlNode = {
      name: `{${tag.uri}}${tag.local}`,
      attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('text', (s) => {
    if (stack.length) stack.at(-1)!.text += s;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root!;
}
const ATOM = '{http://www.w3.org/2005/Atom}';
const kids = (n: XmlNode, local: string) => n.children.filter((c) => c.name === ATOM + local);
const one = (n: XmlNode, local: string) => {
  const found = kids(n, local);
  expect(found, `exactly one <${local}> in <${n.name}>`).toHaveLength(1);
  return found[0]!;
};
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Checks what Atom 1.0 (RFC 4287) requires of a feed and its entries; returns the entries. */
function validAtom(xml: string) {
  const feed = parseStrict(xml);
  expect(feed.name).toBe(`${ATOM}feed`);
  expect(one(feed, 'id').text).toMatch(/^https:\/\/lapor\.example\.go\.id\//);
  expect(one(feed, 'title').text.length).toBeGreaterThan(0);
  expect(one(feed, 'updated').text).toMatch(RFC3339);
  expect(one(one(feed, 'author'), 'name').text.length).toBeGreaterThan(0);
  expect(kids(feed, 'link').find((l) => l.attrs.rel === 'self')?.attrs.href).toMatch(
    /^https:\/\/lapor\.example\.go\.id\/complaints\/feed\.atom\?/,
  );
  return kids(feed, 'entry').map((e) => {
    const link = kids(e, 'link').find((l) => (l.attrs.rel ?? 'alternate') === 'alternate')!;
    expect(link.attrs.href).toMatch(/^https:\/\/lapor\.example\.go\.id\/complaints\/PLG-26-/);
    expect(one(e, 'updated').text).toMatch(RFC3339);
    return { id: one(e, 'id').text, title: one(e, 'title').text, href: link.attrs.href!, summary: one(e, 'summary').text };
  });
}

async function insertComplaint(code: string, over: Record<string, unknown> = {}) {
  const cat = await db.db.selectFrom('categories').select('id').where('code', '=', 'sampah').executeTakeFirstOrThrow();
  const dlhk = await db.db.selectFrom('departments').select('id').where('code', '=', 'DLHK').executeTakeFirstOrThrow();
  const now = Date.now();
  await db.db
    .insertInto('complaints')
    .values({
      code,
      access_key_hash: 'k'.repeat(64),
      category_id: cat.id,
      title: `Sampah menumpuk ${code}`,
      description: 'Sampah menumpuk di tepi jalan.',
      kecamatan_code: KEC,
      kelurahan_code: KEL,
      privacy: 'public',
      state: 'assigned',
      department_id: dlhk.id,
      reporter_name: 'Budi Pelapor',
      reporter_email: 'budi.pelapor@example.test',
      reporter_phone: '081234567890',
      submitted_at: now - 3_600_000,
      verification_due_at: now + 86_400_000,
      assigned_at: now,
      response_due_at: now + 5 * 86_400_000,
      resolution_due_at: now + 14 * 86_400_000,
      updated_at: now,
      ...over,
    } as never)
    .execute();
}

const get = (p: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
const post = (p: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields),
    headers: { origin: PUBLIC_URL, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
const staff = (now = new Date()) => ({ user: officer, now, siteUrl: PUBLIC_URL });
/** Delivers the outbox to the test SMTP server; returns the raw messages that arrived for `to`. */
async function mailTo(to: string) {
  await deliverOutbox(db.db, smtpMailer(smtp.url, 'noreply@example.test', 'test', 2000), { limit: 100 });
  return smtp.received.filter((m) => m.to.includes(to)).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
}

beforeAll(async () => {
  db = await createTestDb();
  smtp = await startSmtp();
  server = await startServer({ DATABASE_URL: db.url, PUBLIC_URL });
  const cat2 = await db.db.selectFrom('categories').select('id').where('code', '=', 'jalan-rusak').executeTakeFirst();
  await insertComplaint(C.routed);
  await insertComplaint(C.anonymous, {
    privacy: 'anonymous',
    reporter_name: 'Siti Rahasia',
    state: 'resolved',
    resolved_at: Date.now(),
    first_resolved_at: Date.now(),
  });
  await insertComplaint(C.confidential, { privacy: 'confidential', title: 'Judul rahasia sekali' });
  await insertComplaint(C.spam, { state: 'rejected', rejection_reason: 'spam', rejected_at: Date.now(), department_id: null });
  await insertComplaint(C.waiting, { state: 'submitted', department_id: null });
  await insertComplaint(C.elsewhere, { kecamatan_code: OTHER_KEC, kelurahan_code: null, ...(cat2 ? { category_id: cat2.id } : {}) });
  await insertComplaint(C.hostile, { title: 'Tanda <b>&amp;</b> "kutip" \x01\x0b akhir' });
  officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'DLHK' });
  for (const who of ['ani', 'dedi', 'reporter'] as const) {
    const u = await createTestUser(db.db, { role: 'resident', email: `${who}.${Date.now()}@example.test` });
    // PUBLIC_URL is https, so the session cookie has the __Host- prefix.
    people[who] = { id: u.id, email: u.email, cookie: `__Host-${await sessionCookie(db.db, u.id)}` };
  }
  await db.db.updateTable('complaints').set({ reporter_user_id: people.reporter!.id }).where('code', '=', C.routed).execute();
});

afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  await db?.cleanup();
});

describe(`Atom feeds of complaints (${dialectName})`, () => {
  it('new complaints: valid Atom, public and anonymous ones only, no names or contact data, hostile titles escaped', async () => {
    const r = await get(`/complaints/feed.atom?kind=new&kecamatan=${KEC}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await r.text();
    const entries = validAtom(xml);
    const codes = entries.map((e) => e.href.split('/').pop());
    expect(codes).toEqual(expect.arrayContaining([C.routed, C.anonymous, C.hostile]));
    for (const hidden of [C.confidential, C.spam, C.waiting, C.elsewhere]) expect(xml).not.toContain(hidden);
    for (const personal of ['Budi Pelapor', 'Siti Rahasia', 'budi.pelapor@example.test', '081234567890', 'Judul rahasia'])
      expect(xml).not.toContain(personal);
    expect(entries.find((e) => e.href.endsWith(C.hostile))!.title).toBe(`${C.hostile}: Tanda <b>&amp;</b> "kutip"  akhir`);
    expect(entries.find((e) => e.href.endsWith(C.routed))!.summary).toContain('Sampah');
  });

  it('resolved complaints per kelurahan and category; another area’s feed does not have them', async () => {
    const resolved = validAtom(await (await get(`/complaints/feed.atom?kind=resolved&kelurahan=${KEL}&category=sampah`)).text());
    expect(resolved.map((e) => e.href)).toEqual([`${PUBLIC_URL}/complaints/${C.anonymous}`]);
    const other = validAtom(await (await get(`/complaints/feed.atom?kind=new&kecamatan=${OTHER_KEC}`)).text());
    expect(other.map((e) => e.href)).toEqual([`${PUBLIC_URL}/complaints/${C.elsewhere}`]);
  });

  it('answers 304 to a reader that has the current version', async () => {
    const first = await get('/complaints/feed.atom?kind=new');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect((await get('/complaints/feed.atom?kind=new', undefined, { 'if-none-match': etag })).status).toBe(304);
  });

  it('the complaints list announces the feeds of its filters in <head>', async () => {
    const html = await (await get(`/complaints?kecamatan=${KEC}&category=sampah`)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const links = [...head.matchAll(/<link rel="alternate" type="application\/atom\+xml"[^>]*href="([^"]+)"/g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );
    expect(links).toEqual([
      `${PUBLIC_URL}/complaints/feed.atom?kind=new&kecamatan=${KEC}&category=sampah`,
      `${PUBLIC_URL}/complaints/feed.atom?kind=resolved&kecamatan=${KEC}&category=sampah`,
    ]);
  });
});

describe(`following a complaint (${dialectName})`, () => {
  it('a visitor is asked to log in; the reporter is told they are emailed anyway and cannot follow', async () => {
    expect(await (await get(`/complaints/${C.routed}`)).text()).toContain(
      `/login?next=${encodeURIComponent(`/complaints/${C.routed}#follow`)}`,
    );
    const visitor = await post(`/complaints/${C.routed}/follow`, { action: 'follow' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(await (await get(`/complaints/${C.routed}`, people.reporter!.cookie)).text()).toContain(
      'Sebagai pelapor, Anda sudah menerima email',
    );
    expect((await post(`/complaints/${C.routed}/follow`, { action: 'follow' }, people.reporter!.cookie)).status).toBe(409);
    // A confidential complaint cannot be followed.
    expect((await post(`/complaints/${C.confidential}/follow`, { action: 'follow' }, people.ani!.cookie)).status).toBe(409);
  });

  it('followers get each public update by email with an unsubscribe link, never another follower’s address', async () => {
    for (const who of ['ani', 'dedi'] as const) {
      const r = await post(`/complaints/${C.routed}/follow`, { action: 'follow' }, people[who]!.cookie);
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(`/complaints/${C.routed}?follow=on#follow`);
    }
    expect(await (await get(`/complaints/${C.routed}?follow=on`, people.ani!.cookie)).text()).toContain('Berhenti mengikuti');

    expect(await respondToComplaint(db.db, C.routed, { note: 'Truk sampah dijadwalkan besok pagi.' }, staff())).toEqual({ ok: true });
    const aniMail = await mailTo(people.ani!.email);
    expect(aniMail).toHaveLength(1);
    expect(aniMail[0]).toContain('Truk sampah dijadwalkan besok pagi.');
    expect(aniMail[0]).toContain(`${PUBLIC_URL}/complaints/${C.routed}`);
    expect(aniMail[0]).not.toContain(people.dedi!.email);
    expect(aniMail[0]).not.toContain('Budi Pelapor');
    expect(await mailTo(people.dedi!.email)).toHaveLength(1);
    // The reporter's account is told once, by the reporter notice, not again as a follower.
    const followerMailToReporter = await db.db
      .selectFrom('outbox')
      .select('id')
      .where('recipient', '=', people.reporter!.email)
      .where('topic', 'like', 'complaint.follow.%')
      .execute();
    expect(followerMailToReporter).toEqual([]);

    // The unsubscribe link: GET only asks (a link prefetcher unsubscribes nobody), the button's POST acts.
    const link = /https:\/\/lapor\.example\.go\.id(\/complaints\/[A-Z0-9-]+\/unfollow\?t=[A-Za-z0-9._-]+)/.exec(aniMail[0]!)![1]!;
    const ask = await get(link);
    expect(ask.status).toBe(200);
    const askHtml = await ask.text();
    expect(askHtml).toContain('Berhenti menerima email');
    const follows = () => db.db.selectFrom('complaint_follows').select('user_id').orderBy('user_id').execute();
    expect((await follows()).map((f) => f.user_id)).toEqual([people.ani!.id, people.dedi!.id]);
    const token = new URL(link, PUBLIC_URL).searchParams.get('t')!;
    const forged = await post(`/complaints/${C.routed}/unfollow`, { t: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) });
    expect(forged.status).toBe(400);
    const done = await post(`/complaints/${C.routed}/unfollow`, { t: token });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('tidak akan menerima email pembaruan');
    expect((await follows()).map((f) => f.user_id)).toEqual([people.dedi!.id]);

    // The next public events reach Dedi only; a transfer and a resolution each make one email.
    const now = new Date();
    expect(
      await transferComplaint(
        db.db,
        C.routed,
        { departmentCode: 'PUPR', reason: 'Saluran tersumbat, urusan PUPR.' },
        { ...staff(now), calendar: await loadCalendar(db.db, 'Asia/Jakarta') },
      ),
    ).toEqual({ ok: true });
    expect(await mailTo(people.ani!.email)).toHaveLength(1);
    const dedi = await mailTo(people.dedi!.email);
    expect(dedi).toHaveLength(2);
    expect(dedi.filter((m) => m.includes('Saluran tersumbat, urusan PUPR.'))).toHaveLength(1);
  });

  it('a resolution and a reopening reach followers; the reporter’s own words are not forwarded', async () => {
    await post(`/complaints/${C.anonymous}/follow`, { action: 'follow' }, people.ani!.cookie);
    // Answered a day ago and assigned two days ago: a resolution the integrity signals do not hold for a
    // check (one within minutes of assignment, or without a response, waits for it: resolution-checks.test.ts).
    await db.db
      .updateTable('complaints')
      .set({
        state: 'in_progress',
        resolved_at: null,
        assigned_at: Date.now() - 2 * 86_400_000,
        first_response_at: Date.now() - 86_400_000,
      })
      .where('code', '=', C.anonymous)
      .execute();
    expect(
      await resolveComplaint(db.db, C.anonymous, { note: 'Sampah sudah diangkut.' }, [], { ...staff(), uploadDir: '/nonexistent' }),
    ).toEqual({ ok: true });
    expect(
      await disputeResolution(
        db.db,
        C.anonymous,
        { reason: 'Masih ada sampah di depan rumah nomor 7.' },
        { user: null, hasKey: () => true, now: new Date(), siteUrl: PUBLIC_URL },
      ),
    ).toMatchObject({ ok: true });
    const mails = (await mailTo(people.ani!.email)).filter((m) => m.includes(C.anonymous));
    // Delivery sends a few at once, so they may arrive in either order.
    expect(mails).toHaveLength(2);
    expect(mails.filter((m) => m.includes('Sampah sudah diangkut.'))).toHaveLength(1);
    expect(mails.filter((m) => m.includes('dibuka kembali'))).toHaveLength(1);
    for (const m of mails) expect(m).not.toContain('rumah nomor 7');
  });

  it('the follows are in the resident’s data download and gone after they erase their account', async () => {
    const dedi = { ...officer, id: people.dedi!.id, email: people.dedi!.email, role: 'resident' as const, departmentId: null, nip: null };
    const ctx = { now: new Date(), siteUrl: PUBLIC_URL };
    const data = await downloadMyData(db.db, dedi, 'json', ctx);
    expect(data.follows).toEqual([expect.objectContaining({ complaint: C.routed })]);
    expect(await eraseMyAccount(db.db, dedi, TEST_PASSWORD, ctx)).toMatchObject({ ok: true });
    expect(await db.db.selectFrom('complaint_follows').select('user_id').where('user_id', '=', people.dedi!.id).execute()).toEqual([]);
  });
});
