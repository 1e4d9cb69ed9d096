// gzip/br for text responses, at the node:http layer (src/server.ts), so Astro's pages, the statistics
// fast path and the adapter's static files (CSS, JS, SVG) all get it from one place. Decided on the
// first write, when the type and (for a single-chunk body) the size are known: images, archives and
// anything already encoded pass through untouched, and so do tiny bodies (the header costs more than
// it saves). Brotli at a low quality: answers are compressed on every request, on a shared 2-core box.
import zlib from 'node:zlib';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Bodies shorter than this are sent as they are. */
export const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE =
  /^\s*(text\/(html|css|plain|csv|xml|javascript|calendar)|application\/(json|javascript|xml|manifest\+json|ld\+json|geo\+json|[\w.-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: br, else gzip, never one the client refused (q=0). */
export function chooseEncoding(header: string | string[] | undefined): Encoding | null {
  const q = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name, qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const accepts = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

function addVary(res: ServerResponse, field: string): void {
  const current = String(res.getHeader('vary') ?? '');
  const fields = current
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', [...fields, field].join(', '));
}

function applyHeaders(res: ServerResponse, headers: OutgoingHttpHeaders | readonly unknown[] | undefined): void {
  if (!headers) return;
  if (Array.isArray(headers)) {
    // writeHead's flat [name, value, name, value, ...] form
    for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    return;
  }
  for (const [k, v] of Object.entries(headers as OutgoingHttpHeaders)) if (v !== undefined) res.setHeader(k, v);
}

type Cb = (err?: Error | null) => void;

/** Makes `res` compress what is written to it when the request and the response allow it. */
export function compressResponses(req: IncomingMessage, res: ServerResponse): void {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const writeHead = res.writeHead.bind(res) as (status: number, reason?: string) => ServerResponse;
  const write = res.write.bind(res) as (chunk: unknown, cb?: Cb) => boolean;
  const end = res.end.bind(res) as (chunk?: unknown, cb?: () => void) => ServerResponse;
  let decided = false;
  let pendingHead: { status: number; reason?: string } | null = null;
  let zip: zlib.Gzip | zlib.BrotliCompress | null = null;

  const flushHead = () => {
    if (!pendingHead) return;
    const { status, reason } = pendingHead;
    pendingHead = null;
    if (reason !== undefined) writeHead(status, reason);
    else writeHead(status);
  };

  /** Called once, before the first body byte (or the end): knows the type, and the size when it is one chunk. */
  const decide = (onlyChunkBytes: number | null) => {
    if (decided) return;
    decided = true;
    const type = String(res.getHeader('content-type') ?? '');
    if (isCompressible(type)) addVary(res, 'Accept-Encoding');
    const declared = Number(res.getHeader('content-length'));
    const size = onlyChunkBytes ?? (Number.isFinite(declared) && res.hasHeader('content-length') ? declared : null);
    const status = pendingHead?.status ?? res.statusCode;
    if (
      !encoding ||
      req.method === 'HEAD' ||
      status < 200 ||
      status === 204 ||
      status === 304 ||
      !isCompressible(type) ||
      res.hasHeader('content-encoding') ||
      res.hasHeader('content-range') ||
      (size !== null && size < MIN_COMPRESS_BYTES)
    ) {
      flushHead();
      return;
    }
    res.removeHeader('content-length');
    res.removeHeader('accept-ranges'); // byte ranges of the file, not of what is sent
    res.setHeader('Content-Encoding', encoding);
    // ETags are left as they are: they name the content (as the statistics copy and its 304s
    // expect), and every validator here is compared with the W/ prefix ignored.
    zip =
      encoding === 'br'
        ? zlib.createBrotliCompress({
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, ...(size ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } : {}) },
          })
        : zlib.createGzip({ level: 6 });
    zip.on('data', (c: Buffer) => {
      if (!write(c)) {
        zip!.pause();
        res.once('drain', () => zip!.resume());
      }
    });
    zip.on('end', () => end());
    zip.on('error', (e) => res.destroy(e));
    res.on('close', () => zip?.destroy());
    flushHead();
  };

  // Until the decision, the first bytes are held (at most MIN_COMPRESS_BYTES): a body that ends
  // before that is known to be tiny even when it came as a stream without Content-Length.
  let held: Buffer[] = [];
  let heldBytes = 0;
  const toBuffer = (chunk: unknown, enc?: unknown): Buffer | null =>
    chunk == null
      ? null
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
  const release = (): boolean => {
    let more = true;
    for (const b of held) more = zip ? zip.write(b) : write(b);
    held = [];
    return more;
  };

  res.writeHead = function (status: number, reasonOrHeaders?: unknown, headers?: unknown) {
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    applyHeaders(res, (typeof reasonOrHeaders === 'string' ? headers : reasonOrHeaders) as OutgoingHttpHeaders | undefined);
    res.statusCode = status;
    // Node's own implicit header (the first write after the decision) goes straight through.
    if (decided) return reason !== undefined ? writeHead(status, reason) : writeHead(status);
    // Sent with the first body byte, once the encoding is decided.
    pendingHead = { status, reason };
    return res;
  } as typeof res.writeHead;

  res.write = function (chunk: unknown, encOrCb?: unknown, cb?: unknown) {
    const done = (typeof encOrCb === 'function' ? encOrCb : cb) as Cb | undefined;
    const data = toBuffer(chunk, encOrCb);
    if (!decided) {
      if (data) {
        held.push(data);
        heldBytes += data.length;
      }
      if (done) process.nextTick(done);
      if (heldBytes < MIN_COMPRESS_BYTES) return true;
      decide(null);
      const more = release();
      // As below: a stream piped into res (a static file over 64 kB) waits for a 'drain' that only
      // the compressor can give; without this it waited forever.
      if (!more && zip) zip.once('drain', () => res.emit('drain'));
      return more;
    }
    if (!zip) return (write as (...a: unknown[]) => boolean)(chunk, encOrCb, cb);
    const more = data ? zip.write(data, done) : true;
    // A writer piping into res waits for res's 'drain': pass the compressor's on.
    if (!more) zip.once('drain', () => res.emit('drain'));
    return more;
  } as typeof res.write;

  res.end = function (chunk?: unknown, encOrCb?: unknown, cb?: unknown) {
    const done = [chunk, encOrCb, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
    const data = typeof chunk === 'function' ? null : toBuffer(chunk, encOrCb);
    if (!decided) {
      if (data) {
        held.push(data);
        heldBytes += data.length;
      }
      decide(heldBytes);
      release();
      if (zip) {
        if (done) res.once('finish', done);
        zip.end();
        return res;
      }
      return done ? end(undefined, done) : end();
    }
    if (!zip) return (end as (...a: unknown[]) => ServerResponse)(chunk, encOrCb, cb);
    if (done) res.once('finish', done);
    if (data) zip.end(data);
    else zip.end();
    return res;
  } as typeof res.end;
}
