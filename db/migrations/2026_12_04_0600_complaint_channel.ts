// The channel each complaint came through (DESIGN.md §10): the web form, Open311, the counter (loket), the
// telephone, WhatsApp, email, SP4N-LAPOR! or a spreadsheet import. Reports and /statistics count volume and
// time limits per channel, and staff filter the inbox by it.
//
// Existing rows: nothing recorded how a complaint came in before this column (an Open311 filing and a web
// filing wrote the same rows), so every existing row becomes `web`, the channel of almost all of them.
// From this migration on, the filing code sets the channel it files through.
//
// The report rollup triggers fire `after update of <their columns>`; `channel` is in none of them, and it
// never changes after filing. A NOT NULL column with a constant default is a metadata change on PostgreSQL
// and a plain ALTER TABLE on SQLite.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('channel', 'text', (c) => c.notNull().defaultTo('web')).execute();
  await db.schema.createIndex('complaints_channel_submitted').on('complaints').columns(['channel', 'submitted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_channel_submitted').execute();
  await db.schema.alterTable('complaints').dropColumn('channel').execute();
}
