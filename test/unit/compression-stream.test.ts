// A body streamed into a compressed response in chunks (a static file over 64 kB piped by the adapter)
// must arrive whole: the first chunk's write used to report back-pressure with no 'drain' ever coming,
// so the pipe stalled and the browser waited forever for the Leaflet bundle.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressResponses } from '../../src/server/http/compression.ts';

const body = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `var v${i} = ${i * 7};\n`).join(''));
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    compressResponses(req, res);
    res.setHeader('Content-Type', 'text/javascript');
    res.setHeader('Content-Length', body.length);
    // Chunks as fs.createReadStream gives them (64 kB).
    const chunks = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536));
    Readable.from(chunks).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

function fetchRaw(encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { 'accept-encoding': encoding } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('compression of a streamed body', () => {
  it.each(['br', 'gzip'])('sends a %s body of several 64 kB chunks whole', async (enc) => {
    expect(body.length).toBeGreaterThan(3 * 65_536);
    const r = await fetchRaw(enc);
    expect(r.headers['content-encoding']).toBe(enc);
    const plain = enc === 'br' ? zlib.brotliDecompressSync(r.body) : zlib.gunzipSync(r.body);
    expect(plain.equals(body)).toBe(true);
  });
});
