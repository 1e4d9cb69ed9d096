// cli migrate: apply pending migrations and load the reference configuration.
import { config } from '../server/config.ts';
import { configuredTarget, createDb } from '../server/db/index.ts';
import { prepareDatabase } from '../server/bootstrap.ts';
import type { Command } from './commands.ts';

export const migrate: Command = {
  summary: 'apply pending migrations and load the reference configuration',
  async run() {
    // Recounting a large table may take longer than a request may: no statement limit here.
    const { db } = createDb(configuredTarget({ statements: 'unbounded' }));
    const { migrated, reference } = await prepareDatabase(db, config().region).finally(() => db.destroy());
    console.log(migrated.length ? `applied: ${migrated.join(', ')}` : 'database is up to date');
    console.log(reference.skipped ? `reference ${reference.region}: already loaded` : `reference ${reference.region}: ${JSON.stringify(reference.inserted)}`);
  },
};
