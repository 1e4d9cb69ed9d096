// Signed-in users following a public complaint: one row per (complaint, user); the email goes to the
// account's address at send time, so no address is copied here and erasing the account removes the row.
import type { Kysely } from 'kysely';
import { time } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaint_follows')
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('complaint_follows_pk', ['complaint_id', 'user_id'])
    .execute();
  await db.schema.createIndex('complaint_follows_user_idx').on('complaint_follows').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('complaint_follows').execute();
}
