// A local stand-in for the WhatsApp Business Cloud API (Graph API) on loopback, for end-to-end tests:
// records every message sent (POST /<version>/<phone-number-id>/messages), serves media metadata
// (GET /<version>/<media-id> → { url, mime_type, sha256, file_size, id }) and the bytes behind that url,
// checks the bearer token on each call, can refuse the next sends, and closes itself with the test file.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const GRAPH_VERSION = 'v26.0';

export interface SentMessage {
  to: string;
  type: string;
  body: Record<string, any>;
}

export interface FakeGraph {
  /** Origin of the fake, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** What WHATSAPP_GRAPH_URL is set to. */
  graphUrl: string;
  sent: SentMessage[];
  /** Requests refused for a wrong or missing bearer token. */
  unauthorised: number;
  /** Media the fake serves by id. */
  addMedia(id: string, bytes: Buffer, mimeType: string): void;
  /** The next `n` sends answer this status with a Graph-style error body. */
  failNextSends(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startFakeGraph(opts: { accessToken: string; phoneNumberId: string }): Promise<FakeGraph> {
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  let failures = 0;
  let failStatus = 500;
  let counter = 0;
  const fake = { sent: [] as SentMessage[], unauthorised: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${opts.accessToken}`) {
        fake.unauthorised += 1;
        return json(401, { error: { code: 190, message: 'Invalid OAuth access token.' } });
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const parts = url.pathname.split('/').filter(Boolean);
      if (
        req.method === 'POST' &&
        parts.length === 3 &&
        parts[0] === GRAPH_VERSION &&
        parts[1] === opts.phoneNumberId &&
        parts[2] === 'messages'
      ) {
        if (failures > 0) {
          failures -= 1;
          return json(failStatus, { error: { code: 131000, message: 'Something went wrong (fake)' } });
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        fake.sent.push({ to: body.to, type: body.type, body });
        counter += 1;
        return json(200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id: `wamid.fake.${counter}` }],
        });
      }
      if (req.method === 'GET' && parts.length === 2 && parts[0] === GRAPH_VERSION && media.has(parts[1]!)) {
        const m = media.get(parts[1]!)!;
        return json(200, {
          messaging_product: 'whatsapp',
          url: `${origin}/media-download/${parts[1]}`,
          mime_type: m.mimeType,
          sha256: createHash('sha256').update(m.bytes).digest('hex'),
          file_size: String(m.bytes.length),
          id: parts[1],
        });
      }
      if (req.method === 'GET' && parts.length === 2 && parts[0] === 'media-download' && media.has(parts[1]!)) {
        const m = media.get(parts[1]!)!;
        res.writeHead(200, { 'Content-Type': m.mimeType, 'Content-Length': String(m.bytes.length) });
        return res.end(m.bytes);
      }
      json(404, { error: { code: 100, message: 'Unsupported request (fake)' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Never outlives an abandoned test run.
  const deadline = setTimeout(() => server.close(), 30 * 60_000);
  deadline.unref();
  return Object.assign(fake, {
    origin,
    graphUrl: `${origin}/${GRAPH_VERSION}`,
    addMedia(id: string, bytes: Buffer, mimeType: string) {
      media.set(id, { bytes, mimeType });
    },
    failNextSends(n: number, status = 500) {
      failures = n;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(deadline);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** X-Hub-Signature-256 for a body, as Meta computes it with the app secret. */
export function signBody(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

let wamid = 0;

/** A webhook body carrying one message from `from`, in the shape of Meta's messages webhook. */
export function webhookBody(
  phoneNumberId: string,
  from: string,
  message: Record<string, unknown>,
  id = `wamid.in.${Date.now()}.${++wamid}`,
): { id: string; body: string } {
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Warga Uji' }, wa_id: from }],
              messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  };
  return { id, body: JSON.stringify(body) };
}
