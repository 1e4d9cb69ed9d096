// Signed-in users following a public complaint: one row per (complaint, user); the email goes to the
// account's address at send time, so no address is copied here and erasing the account removes the row.
// Area alerts: an email address subscribed to new complaints of a kecamatan, kelurahan and/or category,
// pending until the link in the confirmation email is used (double opt-in); `nonce` goes into the
// signed confirm/unsubscribe links, `alerted_until` is where the alert job's window last ended.
import type { Kysely } from 'kysely';
import { time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaint_follows')
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('complaint_follows_pk', ['complaint_id', 'user_id'])
    .execute();
  await db.schema.createIndex('complaint_follows_user_idx').on('complaint_follows').column('user_id').execute();
  await withId(db, db.schema.createTable('alert_subscriptions'))
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('kecamatan_code', 'varchar(20)')
    .addColumn('kelurahan_code', 'varchar(20)')
    .addColumn('category_code', 'varchar(40)')
    .addColumn('nonce', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('confirmed_at', time)
    .addColumn('alerted_until', time)
    .execute();
  await db.schema.createIndex('alert_subscriptions_user_idx').on('alert_subscriptions').column('user_id').execute();
  await db.schema.createIndex('alert_subscriptions_email_idx').on('alert_subscriptions').column('email').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_subscriptions').execute();
  await db.schema.dropTable('complaint_follows').execute();
}
