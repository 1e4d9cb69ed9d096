// The web server process: Astro's built handler (dist/server/entry.mjs, standalone mode with its
// autostart turned off) behind the statistics fast path (src/server/http/statistics-fast-path.ts),
// the page byte cache of the anonymous public pages (src/server/http/page-cache.ts)
// and response compression (src/server/http/compression.ts),
// on node:http (https when SERVER_CERT_PATH and SERVER_KEY_PATH are set, as the adapter does).
// `npm start`, the HTTP tests and the benchmark run this file; the entry alone still serves the
// same pages, only without the fast path.
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { config } from './server/config.ts';
import { getDb } from './server/db/index.ts';
import { statisticsFastPath } from './server/http/statistics-fast-path.ts';
import { pageCache } from './server/http/page-cache.ts';
import { compressResponses } from './server/http/compression.ts';
import { logger } from './server/log.ts';
import { SHUTDOWN_GRACE_MS } from './server/limits.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('../dist/server/entry.mjs', import.meta.url).href;
const { handler } = (await import(entry)) as { handler: Handler };

const fastPath = statisticsFastPath({ db: getDb });
const pages = pageCache({ db: getDb });
const listener: Handler = (req, res) => {
  // Every answer below (pages, the fast path, static files) is compressed here when it is worth it.
  compressResponses(req, res);
  fastPath(req, res, () => pages(req, res, () => handler(req, res))).catch((e) => {
    logger().error({ route: req.url, err: e instanceof Error ? e.message : String(e) }, 'fast path failed');
    if (!res.headersSent) handler(req, res);
  });
};

const tls = config().tls;
const server = tls
  ? https.createServer({ key: fs.readFileSync(tls.keyPath), cert: fs.readFileSync(tls.certPath) }, listener)
  : http.createServer(listener);
const { port, host } = config();
server.listen(port, host, () => logger().info({ host, port }, 'server listening'));

// Stop taking requests, let those in flight finish (briefly), then exit. Under `npm start` the
// supervisor sends SIGTERM; should the supervisor itself die, the IPC channel closes.
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
}
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, stop);
process.on('disconnect', stop);
