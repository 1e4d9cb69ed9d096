// The background worker process started beside the web server by `npm start` (or alone with
// `npm run worker`): runs the periodic jobs with leases. It is a separate process because two SQLite
// connections in one process would block each other's event loop while waiting for the write lock.
import { randomUUID } from 'node:crypto';
import { config } from './server/config.ts';
import { closeDb, getDb } from './server/db/index.ts';
import { jobs, runJobOnce } from './server/jobs/jobs.ts';
import { logger } from './server/log.ts';
import { WORKER_TICK_MS } from './server/limits.ts';

const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
const log = logger().child({ worker: owner });
let stopping = false;

async function loop(): Promise<void> {
  const list = jobs();
  const nextRun = new Map(list.map((j) => [j.name, 0]));
  log.info({ jobs: list.map((j) => j.name), region: config().region }, 'worker started');
  while (!stopping) {
    const now = Date.now();
    for (const job of list) {
      if (stopping || now < nextRun.get(job.name)!) continue;
      nextRun.set(job.name, now + job.intervalMs);
      try {
        const r = await runJobOnce(getDb(), job, owner, new Date(now));
        if (r.ran) log.debug({ job: job.name, result: r.result }, 'job ran');
      } catch (e) {
        log.error({ job: job.name, err: e instanceof Error ? e.message : String(e) }, 'job failed');
      }
    }
    await new Promise((r) => setTimeout(r, WORKER_TICK_MS));
  }
  await closeDb();
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => (stopping = true));
// Started by scripts/start.ts: stop with the server.
process.on('disconnect', () => (stopping = true));

await loop();
// Under `npm start` the IPC channel to the supervisor would keep this process alive.
if (process.connected) process.disconnect();
