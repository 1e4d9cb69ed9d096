// Supporters ("Dukung", me too) of a complaint: one row per complaint and supporter key, so supporting
// twice keeps one row on both dialects (the unique constraint is the compare-and-set). The key names
// who supports without storing contact data: `user:<account id>` for a signed-in resident,
// `device:<keyed hash of the browser's device cookie>` for a visitor, `reporter:<complaint id>` for the
// reporter (without an account) of a duplicate merged into this complaint. `via_complaint_id` names the
// duplicate a supporter was carried over from when staff merged it.
import type { Kysely } from 'kysely';
import { time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('complaint_supporters'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('supporter_key', 'varchar(80)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('via_complaint_id', 'integer', (c) => c.references('complaints.id').onDelete('set null'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('complaint_supporters_key_uq', ['complaint_id', 'supporter_key'])
    .execute();
  await db.schema.createIndex('complaint_supporters_user_idx').on('complaint_supporters').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('complaint_supporters').execute();
}
