// Leases for periodic jobs, so with several app servers each job runs on one of them at a time.
import type { Kysely } from 'kysely';
import { time } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('owner', 'varchar(64)', (c) => c.notNull())
    .addColumn('lease_until', time, (c) => c.notNull())
    .addColumn('last_run_at', time)
    .addColumn('last_result', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_leases').execute();
}
