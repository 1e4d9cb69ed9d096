// Department workflow (issue 4): the timestamps §4 needs beyond the complaints table (first resolution,
// last reopen, reporter's language), ratings, response templates, the source of each photo, and
// full-text search over title and description (SQLite FTS5 kept by triggers; PostgreSQL GIN on to_tsvector).
import { sql, type Kysely } from 'kysely';
import { checkIn, dialectOf, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('reporter_locale', 'varchar(5)', (c) => c.notNull().defaultTo('id')).execute();
  await db.schema.alterTable('complaints').addColumn('first_resolved_at', time).execute();
  await db.schema.alterTable('complaints').addColumn('last_reopened_at', time).execute();
  await db.schema
    .alterTable('complaint_photos')
    .addColumn('source', 'varchar(12)', (c) => c.notNull().defaultTo('report').check(checkIn('source', ['report', 'resolution', 'reporter'])))
    .execute();
  await db.schema.createIndex('complaints_resolution_due_idx').on('complaints').columns(['state', 'resolution_due_at']).execute();
  await db.schema.createIndex('complaints_resolved_idx').on('complaints').columns(['state', 'resolved_at']).execute();

  await db.schema
    .createTable('complaint_ratings')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rated_at', time, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('response_templates'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_templates_dept_cat_idx').on('response_templates').columns(['department_id', 'category_id']).execute();

  if (dialectOf(db) === 'postgres') {
    await sql`create index complaints_text_idx on complaints using gin (to_tsvector('simple', title || ' ' || description))`.execute(db);
  } else {
    await sql`create virtual table complaints_fts using fts5(title, description, content='complaints', content_rowid='id')`.execute(db);
    await sql`create trigger complaints_fts_ai after insert on complaints begin
      insert into complaints_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(db);
    await sql`create trigger complaints_fts_ad after delete on complaints begin
      insert into complaints_fts(complaints_fts, rowid, title, description) values ('delete', old.id, old.title, old.description); end`.execute(db);
    await sql`create trigger complaints_fts_au after update of title, description on complaints begin
      insert into complaints_fts(complaints_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
      insert into complaints_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(db);
    await sql`insert into complaints_fts(complaints_fts) values ('rebuild')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop index complaints_text_idx`.execute(db);
  } else {
    for (const t of ['complaints_fts_ai', 'complaints_fts_ad', 'complaints_fts_au']) await sql`drop trigger ${sql.raw(t)}`.execute(db);
    await sql`drop table complaints_fts`.execute(db);
  }
  await db.schema.dropTable('response_templates').execute();
  await db.schema.dropTable('complaint_ratings').execute();
  await db.schema.dropIndex('complaints_resolved_idx').execute();
  await db.schema.dropIndex('complaints_resolution_due_idx').execute();
  await db.schema.alterTable('complaint_photos').dropColumn('source').execute();
  for (const c of ['last_reopened_at', 'first_resolved_at', 'reporter_locale']) await db.schema.alterTable('complaints').dropColumn(c).execute();
}
