// What the receipt promises and who is offered a complaint's personal-data page, over HTTP against the
// built server: "we will email you" only when a receipt email was queued and this deployment delivers
// mail; "Data saya untuk pengaduan ini" only for the reporter (account or access-key cookie).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { complaintFields, postComplaint, readReceipt } from '../support/complaints.ts';

const EMAIL_PROMISE = 'Kami akan mengirim email';
const DATA_LINK = 'Data saya untuk pengaduan ini';

let db: TestDb;
let smtp: TestSmtp;
let withMail: RunningServer;
let withoutMail: RunningServer;
const dirs: string[] = [];

function env(extra: Record<string, string> = {}): Record<string, string> {
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-receipt-'));
  dirs.push(uploadDir);
  return {
    DATABASE_URL: db.url,
    UPLOAD_DIR: uploadDir,
    COMPLAINTS_PER_HOUR: '1000',
    COMPLAINTS_PER_ADDRESS_HOUR: '1000',
    COMPLAINT_MIN_FILL_SECONDS: '0',
    ...extra,
  };
}

beforeAll(async () => {
  db = await createTestDb();
  smtp = await startSmtp();
  withMail = await startServer(env({ SMTP_URL: smtp.url }));
  withoutMail = await startServer(env());
});

afterAll(async () => {
  await withMail?.stop();
  await withoutMail?.stop();
  await smtp?.stop();
  await db?.cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const queuedFor = async (code: string) =>
  (await db.db.selectFrom('outbox').select('recipient').where('dedupe_key', '=', `complaint.submitted:${code}`).execute()).map(
    (r) => r.recipient,
  );

describe(`the receipt's email sentence (${dialectName})`, () => {
  it('promises an email when the reporter gave an address and the message is queued for delivery', async () => {
    const receipt = await readReceipt(withMail.url, await postComplaint(withMail.url, complaintFields({ email: 'warga@example.org' })));
    expect(await queuedFor(receipt.code)).toEqual(['warga@example.org']);
    expect(receipt.html).toContain(EMAIL_PROMISE);
    // Honest tense: the message is queued, not yet sent.
    expect(receipt.html).not.toContain('Kami juga mengirim email');
  });

  it('promises nothing without an address', async () => {
    const receipt = await readReceipt(withMail.url, await postComplaint(withMail.url, complaintFields({ email: '' })));
    expect(receipt.code).not.toBe('');
    expect(await queuedFor(receipt.code)).toEqual([]);
    expect(receipt.html).not.toContain(EMAIL_PROMISE);
    expect(receipt.html).not.toContain('Kami juga mengirim email');
  });

  it('promises nothing when the deployment has no mail transport, even with an address', async () => {
    const receipt = await readReceipt(
      withoutMail.url,
      await postComplaint(withoutMail.url, complaintFields({ email: 'warga2@example.org' })),
    );
    expect(receipt.code).not.toBe('');
    expect(receipt.html).not.toContain(EMAIL_PROMISE);
    expect(receipt.html).not.toContain('Kami juga mengirim email');
  });
});

describe(`the "Data saya" link on a complaint's page (${dialectName})`, () => {
  it('is offered to the reporter holding the access key, never to a stranger', async () => {
    const receipt = await readReceipt(withMail.url, await postComplaint(withMail.url, complaintFields()));
    expect(receipt.cookie).toMatch(/^sw_key_/);
    const stranger = await (await fetch(`${withMail.url}/complaints/${receipt.code}`)).text();
    expect(stranger).toContain(receipt.code);
    expect(stranger).not.toContain(DATA_LINK);
    const reporter = await (await fetch(`${withMail.url}/complaints/${receipt.code}`, { headers: { cookie: receipt.cookie } })).text();
    expect(reporter).toContain(DATA_LINK);
    // The keyed page itself stays reachable by address, for a reporter on another device.
    expect((await fetch(`${withMail.url}/complaints/${receipt.code}/data`)).status).toBe(200);
  });

  it('is offered to the signed-in reporter, not to another signed-in resident', async () => {
    const owner = await createTestUser(db.db);
    const other = await createTestUser(db.db);
    const ownerCookie = await sessionCookie(db.db, owner.id);
    const { code } = await readReceipt(withMail.url, await postComplaint(withMail.url, complaintFields(), [], ownerCookie));
    const mine = await (await fetch(`${withMail.url}/complaints/${code}`, { headers: { cookie: ownerCookie } })).text();
    expect(mine).toContain(DATA_LINK);
    const theirs = await (
      await fetch(`${withMail.url}/complaints/${code}`, { headers: { cookie: await sessionCookie(db.db, other.id) } })
    ).text();
    expect(theirs).not.toContain(DATA_LINK);
  });
});
