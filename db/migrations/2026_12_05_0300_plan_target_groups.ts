// Named target groups of a training plan (issue 20: the 20 JP check is per PNS, not an average). A plan
// splits the department's PNS (training_plans.officer_count) into named groups with a head count
// ("pejabat fungsional teknis", 98); whoever is in no named group is "the rest". A plan item targets
// every PNS of the department (target_group_id null, no NIPs), one group (target_group_id), or named
// PNS by NIP (target_nips, space-separated) within a group or within the rest.
//
// target and target_count stay: target is the item's free-text description (Pasal 207 ayat (3) b), and
// target_count is kept equal to the PNS the item reaches (all, the group's head count, or the NIPs), so
// exports and older readers keep working. Existing items that reached fewer PNS than their plan's
// officer_count become a group of that name and head count (one per distinct name and count in a plan),
// which keeps what they meant; the others target everyone. training_plans gains `version`, bumped on every
// change, for compare-and-set by the editor's forms.
import { sql, type Kysely } from 'kysely';
import { checkPositive, time, withId } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('training_plan_groups'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('training_plans.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('head_count', 'integer', (c) => c.notNull().check(checkPositive('head_count')))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('training_plan_groups_plan_name', ['plan_id', 'name'])
    .execute();
  await db.schema.alterTable('training_plan_items').addColumn('target_group_id', 'integer', (c) => c.references('training_plan_groups.id')).execute();
  await db.schema.alterTable('training_plan_items').addColumn('target_nips', 'varchar(2000)', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('training_plan_items_group_idx').on('training_plan_items').column('target_group_id').execute();
  await db.schema.alterTable('training_plans').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const partial = await db
    .selectFrom('training_plan_items as i')
    .innerJoin('training_plans as p', 'p.id', 'i.plan_id')
    .select(['i.id', 'i.plan_id', 'i.target', 'i.target_count', 'p.officer_count', 'p.created_at'])
    .where(sql<boolean>`i.target_count < p.officer_count`)
    .orderBy('i.id')
    .execute();
  const groupOf = new Map<string, number>();
  for (const r of partial) {
    // Two items of one plan with the same name but different counts are different groups.
    const taken = [...groupOf.keys()].filter((k) => k.startsWith(`${r.plan_id}|${r.target}|`)).length;
    const key = `${r.plan_id}|${r.target}|${r.target_count}`;
    let id = groupOf.get(key);
    if (id === undefined) {
      const name = taken === 0 ? String(r.target) : `${String(r.target).slice(0, 190)} (${Number(r.target_count)})`;
      const row = await db.insertInto('training_plan_groups').values({ plan_id: r.plan_id, name, head_count: Number(r.target_count), created_at: Number(r.created_at) }).returning('id').executeTakeFirstOrThrow();
      groupOf.set(key, (id = Number(row.id)));
    }
    await db.updateTable('training_plan_items').set({ target_group_id: id }).where('id', '=', r.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('training_plan_items_group_idx').execute();
  await db.schema.alterTable('training_plan_items').dropColumn('target_nips').execute();
  await db.schema.alterTable('training_plan_items').dropColumn('target_group_id').execute();
  await db.schema.alterTable('training_plans').dropColumn('version').execute();
  await db.schema.dropTable('training_plan_groups').execute();
}
