// Every text column of the migrated schema is classified here; a column nobody classified fails the test.
// Personal columns are then proven covered: a marker planted in each of them for one resident is in
// their "my data" download (columns of their own data) and gone from the whole database (every text and
// blob value of every table, search-index internals included) after they erase their account.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password.ts';
import { createSession } from '../../src/server/auth/session.ts';
import { contribute } from '../../src/server/consultations/contributions.service.ts';
import { downloadMyData, eraseMyAccount } from '../../src/server/dataprotection/dataprotection.service.ts';
import { enqueueEmail } from '../../src/server/notifications/outbox.ts';
import { openConsultation, sessionUser } from '../support/consultations.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { TEST_PASSWORD } from '../support/users.ts';

/**
 * none     no personal data (codes, states, reference data, official texts, ids, hashes of random keys)
 * subject  the resident's own data: in their download, and removed or scrubbed when they erase their account
 * erased   personal data that is not the resident's own record (mail sent to them, staff answers naming
 *          them): removed or scrubbed on erasure, not part of the download
 * secret   credentials tied to the account: never downloaded, gone after erasure
 * staff    civil servants' records (NIP, jabatan, appraisal evidence and responses): kept as employment
 *          records; staff accounts are closed by an administrator, not self-erased
 * derived  an index the database keeps in step with another column (SQLite full-text search)
 * transient what a resident without an account is typing into a WhatsApp conversation: deleted when it is
 *          filed (then it is the complaint's, classified there), cancelled or left idle (the expiry job);
 *          proven in test/integration/whatsapp.test.ts
 */
type Kind = 'none' | 'subject' | 'erased' | 'secret' | 'staff' | 'derived' | 'transient';

const none = (...cols: string[]) => Object.fromEntries(cols.map((c) => [c, 'none' as Kind]));
const CLASSIFICATION: Record<string, Record<string, Kind>> = {
  api_keys: none('label', 'key_prefix', 'key_hash'),
  // Area alerts: the address is the subscriber's; the nonce only goes into signed links.
  alert_subscriptions: { ...none('locale', 'kecamatan_code', 'kelurahan_code', 'category_code', 'nonce'), email: 'subject' },
  // The application's own signing key (form tokens): no one's personal data.
  app_secrets: none('name', 'value'),
  appraisal_reviews: { ...none('period'), officer_response: 'staff', manager_note: 'staff', snapshot: 'staff' },
  areas: none('code', 'name', 'common_name', 'level', 'parent_code', 'city'),
  // Ids, roles, actions and codes only (appendAudit's rule); an anonymous complaint's reporter is not named.
  audit_log: none('actor_role', 'action', 'object_type', 'object_id', 'request_id', 'details'),
  categories: none('code', 'topic_code', 'name_id', 'name_en', 'description_id', 'description_en'),
  commitment_updates: none('status', 'note'),
  competencies: none('code', 'name_id', 'name_en', 'kind'),
  // A random form id and a bot-suspicion flag per filed form.
  complaint_filings: none('form_id', 'suspect'),
  complaint_events: { ...none('actor_kind', 'action', 'from_state', 'to_state', 'visibility', 'details'), note: 'subject' },
  complaint_photos: none('file_name', 'content_type', 'source'),
  // Who supports: an account id, a keyed hash of a random browser marker, or a merged complaint's id.
  complaint_supporters: none('supporter_key'),
  complaint_ratings: { comment: 'subject' },
  complaints: {
    ...none(
      'code',
      'access_key_hash',
      'kecamatan_code',
      'kelurahan_code',
      'privacy',
      'priority',
      'state',
      'rejection_reason',
      'reporter_locale',
      'channel',
    ),
    title: 'subject',
    description: 'subject',
    address: 'subject',
    reporter_name: 'subject',
    reporter_email: 'subject',
    reporter_phone: 'subject',
  },
  complaints_fts: { title: 'derived', description: 'derived' },
  complaints_fts_config: none('k', 'v'),
  complaints_fts_idx: { segid: 'derived', term: 'derived', pgno: 'derived' },
  consultation_commitments: none('text', 'owner', 'due_date', 'status'),
  consultation_questions: none('prompt'),
  consultations: none('title', 'summary', 'body', 'target_groups', 'state', 'outcome_summary'),
  contribution_reports: none('reason'),
  // The affiliation is a category (akademisi, masyarakat…) kept for consultation statistics.
  contributions: { ...none('affiliation', 'stance', 'hidden_reason', 'hidden_by'), body: 'subject' },
  data_requests: none('kind', 'subject_type', 'subject_id', 'channel', 'state', 'details'),
  departments: none('code', 'name', 'short_name'),
  holidays: none('date', 'name', 'kind'),
  job_leases: none('name', 'owner', 'last_result'),
  moderation_decisions: none('action', 'reason', 'note'),
  official_responses: { body: 'erased' },
  outbox: {
    ...none('channel', 'locale', 'topic', 'dedupe_key', 'last_error', 'lease_owner'),
    recipient: 'erased',
    subject: 'erased',
    body_text: 'erased',
    secret_link: 'secret',
  },
  // The overdue breach history and the managers' digest days: ids, a stage name and a local date.
  overdue_breaches: none('stage'),
  overdue_digests: none('day'),
  password_resets: { token_hash: 'secret' },
  // A truncated hash of an address or email, dropped with its window.
  rate_limits: none('key'),
  page_version: none('xact'),
  reference_loads: none('region', 'checksum'),
  // Why a resolution waits for a check (fast, sample…) and how the check ended; the return's reason is its event's note.
  resolution_checks: none('reasons', 'state'),
  report_duration_cells: none('cohort', 'kecamatan_code'),
  report_durations: none('cohort', 'kecamatan_code'),
  report_durations_dirty: none('kecamatan_code'),
  report_durations_state: none('calendar'),
  report_month_counts: none('kecamatan_code'),
  report_open_cells: none('kecamatan_code'),
  report_open_odd: none('kecamatan_code'),
  response_templates: none('title', 'body'),
  routing_rules: none('kecamatan_code'),
  sessions: { id: 'secret', secret_hash: 'secret' },
  // Departments helping on a complaint (issue 26): staff write the task, the reason and the note about the
  // reporter's complaint, so a name may be in them; scrubbed with the complaint's text on erasure.
  support_requests: { ...none('state', 'note_visibility'), task: 'erased', reason: 'erased', note: 'erased' },
  settings: none('key', 'value'),
  // Rencana tindak lanjut of an SKM: the department's published plan.
  skm_follow_ups: none('unsur', 'action', 'target_date', 'status'),
  // Surveys and their questions are staff-written questionnaires.
  survey_questions: none('kind', 'label', 'help', 'options', 'scale_low', 'scale_high', 'show_if_value', 'code'),
  survey_sections: none('title', 'intro'),
  surveys: none('kind', 'title', 'intro', 'audience', 'state', 'opens_on', 'closes_on', 'period'),
  // Answers are stored with no account, address or time finer than the day (survey_responses holds the
  // date and a random form id only), so no answer can be found again as a resident's own data; who took
  // part is in survey_participants (ids only, removed with the account).
  survey_answers: none('value'),
  survey_responses: none('submitted_on', 'form_id'),
  survey_invitations: none('token_hash', 'used_on', 'created_on'),
  topics: none('code', 'name_id', 'name_en'),
  // target_nips names PNS an item is for (2026_12_05_0300): staff records.
  training_plan_items: {
    ...none('kind', 'target', 'jalur', 'bentuk', 'provider', 'schedule', 'curriculum', 'gap_score', 'notes'),
    target_nips: 'staff',
  },
  // A plan's named target groups: a group name ("pejabat fungsional teknis") and a head count.
  training_plan_groups: none('name'),
  // Units inside departments and their routes: reference data (official unit names, Kemendagri codes).
  units: none('code', 'name', 'kind', 'area_code'),
  unit_routes: none('area_code'),
  training_plans: none('status', 'basis'),
  // The development cycle (DESIGN §6b) is about civil servants: their NIP, name, attendance, action plans,
  // proposals and plan comments are employment records, kept like appraisal evidence.
  trainings: none('title', 'kind', 'jalur', 'bentuk', 'provider', 'starts_on', 'ends_on', 'place', 'state', 'cancel_reason'),
  training_participants: { ...none('status'), nip: 'staff', name: 'staff', certificate_no: 'staff' },
  training_attendance: none('day'),
  training_action_plans: { ...none('review_due_on', 'review'), plan: 'staff', review_note: 'staff' },
  training_proposals: { ...none('jalur'), reason: 'staff' },
  training_plan_comments: { body: 'staff' },
  // Message ids and a keyed hash of the sender's number (like rate-limit keys), pruned after 7 days.
  whatsapp_seen_messages: none('message_id', 'sender_hash'),
  whatsapp_conversations: { ...none('sender_hash', 'state', 'locale', 'form_id'), data: 'transient' },
  users: {
    ...none('role', 'affiliation', 'locale'),
    email: 'subject',
    name: 'subject',
    phone: 'subject',
    organisation: 'subject',
    password_hash: 'secret',
    nip: 'staff',
    jabatan: 'staff',
    // The counter a clerk serves (a place, e.g. a kelurahan office front desk): part of the staff record.
    counter_name: 'staff',
  },
  // Which source record (SP4N-LAPOR! or spreadsheet id) became which complaint: the source's ids only.
  imported_complaints: none('source', 'source_id'),
};

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.cleanup());

const any = () => db.db as unknown as Kysely<any>;

/** Tables of the migrated schema (not the migrator's own) and their columns that can hold text. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  if (dialectName === 'postgres') {
    const r = await sql<{ table_name: string; column_name: string }>`select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'character') and c.table_name not like 'kysely_%'
      order by c.table_name, c.ordinal_position`.execute(db.db);
    return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
  }
  const tables = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
    db.db,
  );
  const out: { table: string; column: string }[] = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db.db);
    // Declared text types, and untyped columns (they take whatever is stored, text included).
    for (const c of cols.rows) if (c.type === '' || /char|text|clob/i.test(c.type)) out.push({ table: name, column: c.name });
  }
  return out;
}

/** Every place in the database (text or blob, any table) where one of the needles occurs. */
async function dumpHits(needles: string[]): Promise<string[]> {
  const tables =
    dialectName === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
            db.db,
          )
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.db)).rows;
  const lower = needles.map((n) => n.toLowerCase());
  const hits: string[] = [];
  for (const { name } of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db.db);
    for (const row of rows.rows) {
      for (const [col, v] of Object.entries(row)) {
        const text = typeof v === 'string' ? v : Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : null;
        if (text === null) continue;
        const s = text.toLowerCase();
        for (const n of lower) if (s.includes(n)) hits.push(`${name}.${col} ∋ ${n}`);
      }
    }
  }
  return [...new Set(hits)];
}

describe(`personal data map (${dialectName})`, () => {
  it('classifies every text column of the migrated schema', async () => {
    const unclassified = (await textColumns())
      .filter(({ table, column }) => CLASSIFICATION[table]?.[column] === undefined)
      .map((c) => `${c.table}.${c.column}`);
    expect(
      unclassified,
      'classify these columns in test/integration/personal-data-map.test.ts (and cover personal ones by access and erasure)',
    ).toEqual([]);
  });

  it('a marker in every personal column is in the download and gone from the whole database after erasure', async () => {
    const now = new Date();
    const NAME = 'Zulkarnain Penandaunik';
    const NAME2 = 'Zulkarnain Penandaunik Pelapor';
    const EMAIL = 'zulkarnain.penandaunik@example.test';
    const EMAIL2 = 'pelapor.penandaunik@example.test';
    const PHONE = '+6281277665544';
    const PHONE2 = '081366554433';
    const ORG = 'Yayasan Penandaunik Sejahtera';
    const subject = await sessionUser(db.db, { name: NAME, email: EMAIL, phone: PHONE, organisation: ORG, affiliation: 'masyarakat' });
    const officer = await sessionUser(db.db, { role: 'officer', departmentCode: 'PUPR' });
    const consultation = await openConsultation(db.db, officer, now);

    // The subject's rows in every table that holds personal data (filed here directly: this test is about columns).
    const category = await db.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    const complaint = await any()
      .insertInto('complaints')
      .values({
        code: 'PLG-26-MARK01',
        access_key_hash: 'x'.repeat(64),
        category_id: category.id,
        title: 't',
        description: 'd',
        kecamatan_code: '16.71.01',
        kelurahan_code: '16.71.01.1001',
        address: 'a',
        privacy: 'public',
        reporter_user_id: subject.id,
        state: 'resolved',
        submitted_at: now.getTime(),
        verification_due_at: now.getTime(),
        updated_at: now.getTime(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const complaintId = Number(complaint.id);
    await any()
      .insertInto('complaint_events')
      .values({
        complaint_id: complaintId,
        at: now.getTime(),
        actor_user_id: subject.id,
        actor_kind: 'reporter',
        action: 'submit',
        to_state: 'submitted',
        visibility: 'public',
      })
      .execute();
    await any()
      .insertInto('complaint_ratings')
      .values({ complaint_id: complaintId, score: 4, comment: 'c', rated_at: now.getTime() })
      .execute();
    await any()
      .insertInto('support_requests')
      .values({
        complaint_id: complaintId,
        lead_department_id: officer.departmentId,
        supporting_department_id: officer.departmentId,
        task: 't',
        due_at: now.getTime(),
        state: 'done',
        requested_at: now.getTime(),
        updated_at: now.getTime(),
      })
      .execute();
    const contribution = await contribute(db.db, { now, actor: subject }, consultation, { body: 'b', stance: 'setuju', questionId: null });
    await any()
      .insertInto('official_responses')
      .values({
        contribution_id: contribution,
        department_id: officer.departmentId,
        author_user_id: officer.id,
        body: 'r',
        created_at: now.getTime(),
      })
      .execute();
    await enqueueEmail(db.db, { to: EMAIL, subject: 's', text: 'm', topic: 'test.sent', now });
    await db.db.updateTable('outbox').set({ sent_at: now.getTime() }).where('topic', '=', 'test.sent').execute();
    await enqueueEmail(db.db, {
      to: EMAIL,
      subject: 's',
      text: 'Buka [tautan reset]',
      secretLink: `http://portal.test/password/reset?token=rahasia-tautan-${now.getTime()}`,
      topic: 'auth.password_reset',
      now,
    });
    await any()
      .insertInto('alert_subscriptions')
      .values({ email: EMAIL, user_id: subject.id, kecamatan_code: '16.71.01', nonce: 'n'.repeat(32), created_at: now.getTime() })
      .execute();
    await createSession(db.db, subject.id, now);
    await any()
      .insertInto('password_resets')
      .values({
        user_id: subject.id,
        token_hash: `rahasia-reset-${now.getTime()}`,
        created_at: now.getTime(),
        expires_at: now.getTime() + 60_000,
      })
      .execute();
    // A password hash of its own (test users share one), so its absence afterwards means something.
    await db.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(TEST_PASSWORD) })
      .where('id', '=', subject.id)
      .execute();

    const rowsOf: Record<string, (q: any) => any> = {
      users: (q) => q.where('id', '=', subject.id),
      complaints: (q) => q.where('reporter_user_id', '=', subject.id),
      complaint_events: (q) => q.where('complaint_id', '=', complaintId),
      complaint_ratings: (q) => q.where('complaint_id', '=', complaintId),
      support_requests: (q) => q.where('complaint_id', '=', complaintId),
      contributions: (q) => q.where('author_user_id', '=', subject.id),
      official_responses: (q) => q.where('contribution_id', '=', contribution),
      outbox: (q) => q.where('recipient', '=', EMAIL),
      sessions: (q) => q.where('user_id', '=', subject.id),
      password_resets: (q) => q.where('user_id', '=', subject.id),
      alert_subscriptions: (q) => q.where('user_id', '=', subject.id),
    };
    // What each identifier column holds; free text gets the name and which column it is in.
    const planted: Record<string, string> = {
      'users.email': EMAIL,
      'users.name': NAME,
      'users.phone': PHONE,
      'users.organisation': ORG,
      'complaints.reporter_name': NAME2,
      'complaints.reporter_email': EMAIL2,
      'complaints.reporter_phone': PHONE2,
      'outbox.recipient': EMAIL,
      'alert_subscriptions.email': EMAIL,
    };
    const exported: string[] = [];
    const secrets: string[] = [];
    for (const [table, columns] of Object.entries(CLASSIFICATION)) {
      for (const [column, kind] of Object.entries(columns)) {
        if (kind === 'secret') {
          expect(rowsOf[table], `how to find the subject's rows in ${table}`).toBeDefined();
          const values = await rowsOf[table]!(any().selectFrom(table).select(column)).execute();
          const held = values
            .map((v: Record<string, unknown>) => v[column])
            .filter((v: unknown): v is string => typeof v === 'string' && v.length > 0);
          expect(held.length, `${table}.${column} holds a secret of the subject`).toBeGreaterThan(0);
          secrets.push(...held);
        }
        if (kind !== 'subject' && kind !== 'erased') continue;
        expect(rowsOf[table], `how to find the subject's rows in ${table}`).toBeDefined();
        const value = planted[`${table}.${column}`] ?? `${NAME} ~${table}.${column}`;
        const r = await rowsOf[table]!(
          any()
            .updateTable(table)
            .set({ [column]: value }),
        ).executeTakeFirst();
        expect(Number(r.numUpdatedRows), `${table}.${column} planted in a row of the subject`).toBeGreaterThan(0);
        if (kind === 'subject') exported.push(value);
      }
    }

    const download = JSON.stringify(await downloadMyData(db.db, subject, 'json', { now, siteUrl: 'http://portal.test' }));
    const missing = exported.filter((v) => !download.includes(JSON.stringify(v).slice(1, -1)));
    expect(missing, 'personal columns missing from the "my data" download').toEqual([]);

    expect(await eraseMyAccount(db.db, subject, TEST_PASSWORD, { now, siteUrl: 'http://portal.test' })).toMatchObject({ ok: true });
    const needles = ['penandaunik', PHONE, PHONE2, '81277665544', '81366554433', ...secrets];
    expect(await dumpHits(needles), 'left in the database after erasure').toEqual([]);
  });
});
