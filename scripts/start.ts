// `npm start`: migrate and load the reference configuration, then run the built server.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, config, isLoopback } from '../src/server/config.ts';
import { closeDb, getDb } from '../src/server/db/index.ts';
import { prepareDatabase } from '../src/server/bootstrap.ts';

try {
  const cfg = config();
  // Production without PUBLIC_URL off loopback is refused by config(); without NODE_ENV it only warns.
  if (!cfg.publicUrl && !isLoopback(cfg.host)) {
    console.warn(`PUBLIC_URL tidak diatur: tautan di email memakai ${cfg.siteUrl} / PUBLIC_URL is unset: emailed links use ${cfg.siteUrl}`);
  }
  const { migrated, reference } = await prepareDatabase(getDb(), cfg.region);
  if (migrated.length) console.log(`migrations applied: ${migrated.join(', ')}`);
  if (!reference.skipped) console.log(`reference configuration loaded: ${cfg.region}`, reference.inserted);
  await closeDb();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `start-up stopped: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

// The worker (outbox delivery and other periodic jobs) runs beside the server and stops with it.
const worker = fork(fileURLToPath(new URL('../src/worker.ts', import.meta.url)), [], { stdio: 'inherit' });
worker.on('exit', (code, signal) => {
  if (code !== 0 && signal === null) console.error(`worker stopped (exit ${code})`);
});
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    worker.kill('SIGTERM');
    process.exit(0);
  });
}

process.env.HOST ??= config().host;
process.env.PORT ??= String(config().port);
// The web server: Astro's built handler behind the statistics fast path (src/server.ts).
await import(new URL('../src/server.ts', import.meta.url).href);
