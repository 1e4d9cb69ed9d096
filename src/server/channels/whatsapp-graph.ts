// The WhatsApp Business Cloud API as this portal uses it: the webhook signature, sending one message
// (POST /{phone-number-id}/messages) and downloading a resident's photo (GET /{media-id} → a short-lived
// url, then GET that url, both with the access token). Payload shapes follow Meta's reference:
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages
// Errors never carry the resident's number: the Graph API's own message is kept, digits runs masked.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WhatsappConfig } from '../config.ts';
import { GRAPH_TIMEOUT_MS } from '../limits.ts';
import type { Outcome } from '../outcome.ts';

/**
 * Whether `header` (X-Hub-Signature-256: "sha256=<hex>") is the HMAC-SHA256 of the raw body under the
 * app secret. Compared in constant time; anything malformed is simply not a match.
 */
export function verifySignature(appSecret: string, rawBody: Buffer, header: string | null): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = header.slice('sha256='.length).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export class GraphError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
  }
}

/** A Graph API error as something safe to store: status, code and message, long digit runs masked. */
async function graphError(what: string, r: Response): Promise<GraphError> {
  let detail = '';
  try {
    const body = (await r.json()) as { error?: { code?: number; message?: string } };
    detail = `${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim();
  } catch {
    /* not JSON */
  }
  return new GraphError(maskDigits(`${what}: HTTP ${r.status}${detail ? ` ${detail}` : ''}`).slice(0, 400), r.status);
}

/** Replaces runs of 8+ digits (phone numbers, possibly with dashes) with [nomor]; status and error codes stay. */
export function maskDigits(text: string): string {
  return text.replace(/\+?\d[\d-]{6,}\d/g, '[nomor]');
}

/** Sends one message; `message` is everything but messaging_product and `to`. Returns the message id. */
export async function sendMessage(
  cfg: WhatsappConfig,
  to: string,
  message: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<string | null> {
  const r = await fetch(`${cfg.graphUrl}/${cfg.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${cfg.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: to.replace(/^\+/, ''), ...message }),
    signal: signal ?? AbortSignal.timeout(GRAPH_TIMEOUT_MS),
  });
  if (!r.ok) throw await graphError('send', r);
  const body = (await r.json().catch(() => ({}))) as { messages?: { id?: string }[] };
  return body.messages?.[0]?.id ?? null;
}

export type MediaOutcome = Outcome<{ bytes: Buffer; mimeType: string }, 'too_large' | 'not_image' | 'unavailable'>;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A received image: its metadata from GET /{media-id}, then its bytes from the url given there, read up
 * to `maxBytes` (more is refused without reading the rest). The url must be https, or on the Graph
 * API's own origin (a test double on loopback), so a forged answer cannot point the server elsewhere.
 */
export async function downloadMedia(cfg: WhatsappConfig, mediaId: string, maxBytes: number): Promise<MediaOutcome> {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(mediaId)) return { ok: false, error: 'unavailable' };
  const auth = { Authorization: `Bearer ${cfg.accessToken}` };
  const meta = await fetch(`${cfg.graphUrl}/${mediaId}`, { headers: auth, signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) });
  if (!meta.ok) return { ok: false, error: 'unavailable' };
  const info = (await meta.json().catch(() => null)) as { url?: unknown; mime_type?: unknown; file_size?: unknown } | null;
  if (!info || typeof info.url !== 'string') return { ok: false, error: 'unavailable' };
  const mimeType = String(info.mime_type ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (!IMAGE_TYPES.has(mimeType)) return { ok: false, error: 'not_image' };
  if (Number(info.file_size) > maxBytes) return { ok: false, error: 'too_large' };
  let url: URL;
  try {
    url = new URL(info.url);
  } catch {
    return { ok: false, error: 'unavailable' };
  }
  if (url.protocol !== 'https:' && url.origin !== new URL(cfg.graphUrl).origin) return { ok: false, error: 'unavailable' };
  const signal = AbortSignal.timeout(GRAPH_TIMEOUT_MS * 3);
  let r = await fetch(url, { headers: auth, redirect: 'manual', signal });
  if (r.status >= 300 && r.status < 400) {
    // One redirect, to https only; the token goes along only on the same origin.
    await r.body?.cancel();
    let next: URL | null = null;
    try {
      next = new URL(r.headers.get('location') ?? '', url);
    } catch {
      /* no usable location */
    }
    if (!next || next.protocol !== 'https:') return { ok: false, error: 'unavailable' };
    r = await fetch(next, { headers: next.origin === url.origin ? auth : {}, redirect: 'error', signal });
  }
  if (!r.ok || !r.body) return { ok: false, error: 'unavailable' };
  if (Number(r.headers.get('content-length') ?? 0) > maxBytes) {
    await r.body.cancel();
    return { ok: false, error: 'too_large' };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of r.body) {
    total += chunk.length;
    if (total > maxBytes) return { ok: false, error: 'too_large' };
    chunks.push(Buffer.from(chunk));
  }
  return { ok: true, bytes: Buffer.concat(chunks), mimeType };
}
