// Privacy hardening: the live link of a password-reset email is kept apart from the stored body (which
// an admin can read on /admin/outbox) and deleted once the message is sent or given up.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('secret_link', 'varchar(500)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('secret_link').execute();
}
