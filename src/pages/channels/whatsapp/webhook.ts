// The WhatsApp Business Cloud API webhook (docs/whatsapp.md). GET: Meta's verification handshake
// (hub.mode=subscribe and our verify token → hub.challenge). POST: events, accepted only with a valid
// X-Hub-Signature-256 over the raw body (no session, no cookies: the signature is the authentication,
// so the CSRF origin check exempts this path). Each message is handled inline, idempotent on its id;
// the replies it queued are then handed to the Graph API at once (the outbox worker retries failures).
// Answers 404 while the channel is not configured.
import { timingSafeEqual } from 'node:crypto';
import type { APIRoute } from 'astro';
import { allowPublic } from '../../../server/auth/guard.ts';
import { config } from '../../../server/config.ts';
import { getDb } from '../../../server/db/index.ts';
import { systemClock } from '../../../server/clock.ts';
import { logger } from '../../../server/log.ts';
import { verifySignature } from '../../../server/channels/whatsapp-graph.ts';
import { inboundMessages } from '../../../server/channels/whatsapp-messages.ts';
import { handleInbound } from '../../../server/channels/whatsapp.service.ts';
import { deliverWhatsappReplies } from '../../../server/channels/whatsapp-jobs.ts';

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const cfg = config().whatsapp;
  if (!cfg) return plain(404, 'not found');
  const q = ctx.url.searchParams;
  const challenge = q.get('hub.challenge') ?? '';
  if (
    q.get('hub.mode') === 'subscribe' &&
    sameText(q.get('hub.verify_token') ?? '', cfg.verifyToken) &&
    challenge.length > 0 &&
    challenge.length <= 200
  ) {
    return plain(200, challenge);
  }
  return plain(403, 'forbidden');
};

export const POST: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const app = config();
  const cfg = app.whatsapp;
  if (!cfg) return plain(404, 'not found');
  const raw = Buffer.from(await ctx.request.arrayBuffer());
  if (!verifySignature(cfg.appSecret, raw, ctx.request.headers.get('x-hub-signature-256'))) return plain(401, 'invalid signature');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return plain(400, 'invalid JSON');
  }
  const db = getDb();
  const counts = { handled: 0, duplicate: 0, rate_limited: 0 };
  for (const msg of inboundMessages(body, cfg.phoneNumberId)) {
    const outcome = await handleInbound(db, msg, {
      cfg,
      now: systemClock.now(),
      uploadDir: app.uploadDir,
      siteUrl: app.siteUrl,
      requestId: ctx.locals.requestId,
    });
    counts[outcome] += 1;
  }
  if (counts.handled + counts.rate_limited > 0) {
    // A failed send stays queued for the worker's retries; the webhook has done its part.
    await deliverWhatsappReplies(db, cfg).catch((e: unknown) =>
      logger().warn(
        { requestId: ctx.locals.requestId, err: e instanceof Error ? e.message : String(e) },
        'whatsapp reply delivery deferred',
      ),
    );
  }
  logger().info({ requestId: ctx.locals.requestId, ...counts }, 'whatsapp webhook');
  return plain(200, 'ok');
};

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
