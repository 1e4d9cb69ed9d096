// Accounts, sessions and the append-only audit log.
import { sql, type Kysely } from 'kysely';
import { addFlag, checkIn, dialectOf, time, withId } from '../migration-kit.ts';

const ROLES = ['resident', 'officer', 'verifier', 'manager', 'hr', 'admin'];
const AFFILIATIONS = ['akademisi', 'praktisi', 'masyarakat', 'ormas_lsm', 'dunia_usaha', 'media'];

export async function up(db: Kysely<any>): Promise<void> {
  await addFlag(
    withId(db, db.schema.createTable('users'))
      .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
      .addColumn('name', 'varchar(120)', (c) => c.notNull())
      .addColumn('phone', 'varchar(20)')
      .addColumn('role', 'varchar(16)', (c) => c.notNull().check(checkIn('role', ROLES)))
      .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
      .addColumn('nip', 'varchar(18)', (c) => c.unique())
      .addColumn('jabatan', 'varchar(160)')
      .addColumn('affiliation', 'varchar(20)', (c) => c.check(sql`affiliation is null or ${checkIn('affiliation', AFFILIATIONS)}`))
      .addColumn('organisation', 'varchar(160)')
      .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('id'))
      .addColumn('disabled_at', time)
      .addColumn('erased_at', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      // Officers and managers belong to exactly one department; others to none.
      .addCheckConstraint(
        'users_department_by_role',
        sql`(role in ('officer', 'manager') and department_id is not null) or (role not in ('officer', 'manager') and department_id is null)`,
      ),
    'affiliation_verified',
    0,
  ).execute();
  await db.schema.createIndex('users_department_idx').on('users').column('department_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_role', 'varchar(16)')
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(80)')
    .addColumn('request_id', 'varchar(64)')
    // JSON text with ids and codes only: never passwords, tokens, or contact data.
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_object_idx').on('audit_log').columns(['object_type', 'object_id']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_user_id').execute();

  // Append-only: the database itself refuses to change or remove history.
  if (dialectOf(db) === 'postgres') {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger if exists audit_log_no_update on audit_log`.execute(db);
    await sql`drop function if exists audit_log_append_only()`.execute(db);
  }
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
