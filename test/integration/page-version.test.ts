// page_version (db/migrations/2026_12_06_0300_page_version.ts): every table either raises it (the
// public pages read it) or is listed here as one they do not read, so a new table needs a decision;
// a committed write raises it, a rolled-back one does not, a write to a table the pages do not read
// leaves it alone, and on PostgreSQL it is raised once per transaction whatever the rows written.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { pageVersion } from '../../src/server/http/page-cache.ts';

/** Tables no public page (home, a complaint, a consultation) shows anything of. */
const NOT_READ_BY_PUBLIC_PAGES = new Set([
  'alert_subscriptions',
  'api_keys',
  'app_secrets',
  'appraisal_reviews',
  'audit_log',
  'category_competencies',
  'complaint_filings',
  'data_requests',
  'imported_complaints',
  'job_leases',
  'kysely_migration',
  'kysely_migration_lock',
  'outbox',
  'overdue_breaches',
  'overdue_digests',
  'page_version',
  'password_resets',
  'rate_limits',
  'reference_loads',
  'report_duration_cells',
  'report_durations',
  'report_durations_dirty',
  'report_durations_state',
  'report_month_counts',
  'report_open_cells',
  'report_open_odd',
  'report_rollup_settings',
  'response_templates',
  'routing_rules',
  'sessions',
  'skm_complaint_invites',
  'skm_follow_ups',
  'support_requests',
  'survey_answers',
  'survey_invitations',
  'survey_participants',
  'survey_questions',
  'survey_responses',
  'survey_sections',
  'surveys',
  'training_action_plans',
  'training_attendance',
  'training_participants',
  'training_plan_comments',
  'training_plan_groups',
  'training_plan_items',
  'training_plans',
  'training_proposals',
  'trainings',
  'unit_routes',
  'whatsapp_conversations',
  'whatsapp_seen_messages',
]);

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.cleanup();
});

async function tablesAndTriggered(): Promise<{ tables: string[]; triggered: Set<string> }> {
  if (dialectName === 'postgres') {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db.db);
    const triggers = await sql<{ name: string }>`select distinct event_object_table as name from information_schema.triggers
      where trigger_schema = current_schema() and trigger_name like 'page_version_%'`.execute(db.db);
    return { tables: tables.rows.map((r) => r.name), triggered: new Set(triggers.rows.map((r) => r.name)) };
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'
    and name not like 'sqlite_%' and name not like 'complaints_fts%'`.execute(db.db);
  const triggers = await sql<{ name: string }>`select distinct tbl_name as name from sqlite_master
    where type = 'trigger' and name like 'page_version_%'`.execute(db.db);
  return { tables: tables.rows.map((r) => r.name), triggered: new Set(triggers.rows.map((r) => r.name)) };
}

describe(`page version (${dialectName})`, () => {
  it('is raised by every table except those the public pages do not read', async () => {
    const { tables, triggered } = await tablesAndTriggered();
    const undecided = tables.filter((t) => !triggered.has(t) && !NOT_READ_BY_PUBLIC_PAGES.has(t));
    expect(undecided).toEqual([]);
    expect([...triggered].filter((t) => NOT_READ_BY_PUBLIC_PAGES.has(t))).toEqual([]);
    for (const t of ['complaints', 'complaint_events', 'complaint_supporters', 'contributions', 'consultations', 'settings', 'users'])
      expect(triggered.has(t), t).toBe(true);
  });

  it('changes when a write commits, not when it is rolled back, nor for a table the pages do not read', async () => {
    const v0 = await pageVersion(db.db);
    await db.db.insertInto('settings').values({ key: 'page_version_probe', value: '1' }).execute();
    const v1 = await pageVersion(db.db);
    expect(v1).not.toBe(v0);
    await expect(
      db.db.transaction().execute(async (trx) => {
        await trx.updateTable('settings').set({ value: '2' }).where('key', '=', 'page_version_probe').execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pageVersion(db.db)).toBe(v1);
    await db.db.insertInto('rate_limits').values({ key: 'probe', window_start: 1, points: 1 }).execute();
    expect(await pageVersion(db.db)).toBe(v1);
    await db.db.deleteFrom('settings').where('key', '=', 'page_version_probe').execute();
    expect(await pageVersion(db.db)).not.toBe(v1);
  });

  it.runIf(dialectName === 'postgres')('is raised once per transaction on PostgreSQL, at commit', async () => {
    const v0 = Number(await pageVersion(db.db));
    await db.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++)
        await trx
          .insertInto('settings')
          .values({ key: `page_version_many_${i}`, value: 'x' })
          .execute();
      // Deferred: not yet raised inside the transaction.
      expect(Number(await pageVersion(trx))).toBe(v0);
    });
    expect(Number(await pageVersion(db.db))).toBe(v0 + 1);
  });
});
