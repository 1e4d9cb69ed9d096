// `npm start`: migrate and load the reference configuration, then run the built server and the
// worker as child processes and keep them running: one that dies (a crash, an out-of-memory kill) is
// started again after a pause that doubles with each quick failure (1 s up to 30 s) and starts over
// once it has stayed up a minute. SIGTERM or SIGINT stops both, then this process, with exit 0.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, config, isLoopback } from '../src/server/config.ts';
import { configuredTarget, createDb } from '../src/server/db/index.ts';
import { prepareDatabase } from '../src/server/bootstrap.ts';
import { logger } from '../src/server/log.ts';

const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 10_000;

try {
  const cfg = config();
  // Production without PUBLIC_URL off loopback is refused by config(); without NODE_ENV it only warns.
  if (!cfg.publicUrl && !isLoopback(cfg.host)) {
    console.warn(`PUBLIC_URL tidak diatur: tautan di email memakai ${cfg.siteUrl} / PUBLIC_URL is unset: emailed links use ${cfg.siteUrl}`);
  }
  // Recounting a large table may take longer than any request may: no statement limit here.
  const { db } = createDb(configuredTarget({ statements: 'unbounded' }));
  try {
    const { migrated, reference } = await prepareDatabase(db, cfg.region);
    if (migrated.length) console.log(`migrations applied: ${migrated.join(', ')}`);
    if (!reference.skipped) console.log(`reference configuration loaded: ${cfg.region}`, reference.inserted);
  } finally {
    await db.destroy();
  }
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `start-up stopped: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

// The children read HOST and PORT like the server alone does.
process.env.HOST ??= config().host;
process.env.PORT ??= String(config().port);

const log = logger().child({ supervisor: process.pid });

interface Supervised {
  stop(): Promise<void>;
}

function supervise(name: string, file: URL): Supervised {
  let child: ChildProcess | undefined;
  let restart: NodeJS.Timeout | undefined;
  let delay = FIRST_RESTART_MS;
  let stopping = false;

  const start = (): void => {
    restart = undefined;
    const startedAt = Date.now();
    // Through IPC the child also notices should this process die without passing on a signal.
    const c = fork(fileURLToPath(file), [], { stdio: 'inherit' });
    child = c;
    log.info({ process: name, pid: c.pid }, `${name} process started`);
    c.on('error', (err) => log.error({ process: name, err: err.message }, 'child process error'));
    c.once('exit', (code, signal) => {
      if (child === c) child = undefined;
      if (stopping) return;
      if (Date.now() - startedAt >= STABLE_AFTER_MS) delay = FIRST_RESTART_MS;
      log.error({ process: name, code, signal, restartInMs: delay }, `${name} stopped; starting it again`);
      restart = setTimeout(start, delay);
      delay = Math.min(delay * 2, MAX_RESTART_MS);
    });
  };
  start();

  return {
    async stop() {
      stopping = true;
      clearTimeout(restart);
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      const force = setTimeout(() => {
        log.warn({ process: name }, `${name} did not stop in time; killing it`);
        c.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(force);
    },
  };
}

// The web server (Astro's built handler behind the statistics fast path) and the worker (outbox
// delivery and the other periodic jobs).
const children = [
  supervise('server', new URL('../src/server.ts', import.meta.url)),
  supervise('worker', new URL('../src/worker.ts', import.meta.url)),
];

let shuttingDown = false;
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    void Promise.all(children.map((c) => c.stop())).then(() => process.exit(0));
  });
}
