// A map tile server stub on loopback for browser tests: answers every /{z}/{x}/{y}.png with a tiny PNG
// and anything else with 404, counts what it served, and closes itself (on close(), or after a
// lifetime) so nothing is left listening. Point MAP_TILE_URL at `template`: no tile request leaves
// the machine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A 1×1 light grey PNG (made with sharp): the smallest valid tile.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWO4e/cuAAUyApiWENc5AAAAAElFTkSuQmCC',
  'base64',
);

export interface TileServer {
  /** The MAP_TILE_URL template for this stub. */
  template: string;
  origin: string;
  /** Paths of the tiles served so far. */
  served: string[];
  close(): Promise<void>;
}

export async function startTileServer(opts: { lifetimeMs?: number } = {}): Promise<TileServer> {
  const served: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'GET' && /^\/\d{1,2}\/\d{1,7}\/\d{1,7}\.png$/.test(path)) {
      served.push(path);
      res.writeHead(200, {
        'Content-Type': 'image/png',
        'Content-Length': PNG.length,
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(PNG);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not a tile');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  // Closes itself even if a test forgets to.
  setTimeout(() => void close(), opts.lifetimeMs ?? 10 * 60_000).unref();
  const origin = `http://127.0.0.1:${port}`;
  return { template: `${origin}/{z}/{x}/{y}.png`, origin, served, close };
}
