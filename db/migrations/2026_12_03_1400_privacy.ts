// Privacy hardening. The live link of a password-reset email is kept apart from the stored body (which
// an admin can read on /admin/outbox) and deleted once the message is sent or given up. On SQLite the
// complaints' full-text index deletes for real (FTS5 secure-delete): otherwise words scrubbed from a
// complaint by an erasure stay readable in the index's segments until they happen to be merged.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('secret_link', 'varchar(500)').execute();
  if (dialectOf(db) === 'sqlite') {
    await sql`insert into complaints_fts(complaints_fts, rank) values ('secure-delete', 1)`.execute(db);
    // Words of erasures made before this migration: rebuilding the index from the complaints drops them
    // (once, in time proportional to the complaints held). 'optimize' would merge them away too, but left the
    // index failing integrity_check after a SIGKILL in test/integration/crash-durability.test.ts.
    await sql`insert into complaints_fts(complaints_fts) values ('rebuild')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`insert into complaints_fts(complaints_fts, rank) values ('secure-delete', 0)`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('secret_link').execute();
}
