// `npm start`: migrate and load the reference configuration, then run the built server.
import { ConfigError, config } from '../src/server/config.ts';
import { closeDb, getDb } from '../src/server/db/index.ts';
import { prepareDatabase } from '../src/server/bootstrap.ts';

try {
  const cfg = config();
  const { migrated, reference } = await prepareDatabase(getDb(), cfg.region);
  if (migrated.length) console.log(`migrations applied: ${migrated.join(', ')}`);
  if (!reference.skipped) console.log(`reference configuration loaded: ${cfg.region}`, reference.inserted);
  await closeDb();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `start-up stopped: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

process.env.HOST ??= config().host;
process.env.PORT ??= String(config().port);
await import(new URL('../dist/server/entry.mjs', import.meta.url).href);
