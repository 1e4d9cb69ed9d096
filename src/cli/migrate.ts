// cli migrate: apply pending migrations and load the reference configuration; migrate-down: revert one.
import { config } from '../server/config.ts';
import { configuredTarget, createDb } from '../server/db/index.ts';
import { prepareDatabase } from '../server/bootstrap.ts';
import { migrateDownOne } from '../server/db/migrator.ts';
import type { Command } from './command.ts';

export const migrate: Command = {
  summary: 'apply pending migrations and load the reference configuration',
  async run() {
    // Recounting a large table may take longer than a request may: no statement limit here.
    const { db } = createDb(configuredTarget({ statements: 'unbounded' }));
    const { migrated, reference } = await prepareDatabase(db, config().region).finally(() => db.destroy());
    console.log(migrated.length ? `applied: ${migrated.join(', ')}` : 'database is up to date');
    console.log(
      reference.skipped
        ? `reference ${reference.region}: already loaded`
        : `reference ${reference.region}: ${JSON.stringify(reference.inserted)}`,
    );
  },
};

export const migrateDown: Command = {
  summary: 'migrate-down --yes: revert the migration applied last (one step; it may drop data)',
  options: { yes: { type: 'boolean' } },
  async run(values) {
    // down() drops what the migration added, data included: the operator says so explicitly.
    if (!values.yes) {
      console.error(
        'migrate-down reverts the migration applied last and may delete its tables and data; back up first, then run: npm run cli -- migrate-down --yes',
      );
      return 2;
    }
    // A down() may rewrite a large table: no statement limit, like migrate.
    const { db } = createDb(configuredTarget({ statements: 'unbounded' }));
    const reverted = await migrateDownOne(db).finally(() => db.destroy());
    console.log(reverted ? `reverted: ${reverted}` : 'no migration is applied; nothing to revert');
  },
};
