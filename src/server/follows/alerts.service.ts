// Area alerts: an email address subscribes to new complaints of a kecamatan, kelurahan and/or category.
// Double opt-in: the subscription stays pending (and gets nothing) until the link in the confirmation
// email is used; unconfirmed ones are dropped after a week. The worker job batches: one email per
// subscription per run, listing the complaints made public since its last window, never one per complaint.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { appSecret } from '../security/app-secrets.ts';
import { isLocale, localized, translator, type Locale } from '../../i18n/index.ts';
import * as repo from './alerts.repository.ts';

const SECRET_NAME = 'alert_subscription_links';
const SHAPE = /^([0-9a-z]{1,12})\.([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;
export const PENDING_KEEP_MS = 7 * 86_400_000;
/** Complaints listed in one alert email at most; the rest are one click away on the filtered list. */
export const ALERT_LIST_MAX = 20;
/**
 * The window ends this long before the run: a routing transaction that stamped assigned_at just
 * before the run but commits just after it still falls into the next window, never between two.
 */
export const ALERT_LAG_MS = 2 * 60_000;

type Purpose = 'confirm' | 'unsubscribe';

function sign(secret: Buffer, purpose: Purpose, payload: string): string {
  return createHmac('sha256', secret).update(`alert-${purpose}:${payload}`).digest('base64url');
}

async function link(db: Kysely<Database>, siteUrl: string, purpose: Purpose, id: number, nonce: string): Promise<string> {
  const payload = `${id.toString(36)}.${nonce}`;
  return `${siteUrl}/alerts/${purpose}?t=${payload}.${sign(await appSecret(db, SECRET_NAME), purpose, payload)}`;
}

async function readToken(
  db: Kysely<Database>,
  purpose: Purpose,
  token: string | null | undefined,
): Promise<{ id: number; nonce: string } | null> {
  const m = token ? SHAPE.exec(token) : null;
  if (!m) return null;
  const expected = Buffer.from(sign(await appSecret(db, SECRET_NAME), purpose, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { id: parseInt(m[1]!, 36), nonce: m[2]! };
}

export interface AlertFilter {
  kecamatan?: string;
  kelurahan?: string;
  category?: string;
}

/** Stores a pending subscription and queues its confirmation email. The answer never says whether the address was known. */
export async function subscribeToAlerts(
  db: Kysely<Database>,
  input: AlertFilter & { email: string },
  ctx: { user: SessionUser | null; locale: Locale; siteUrl: string; now: Date },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await db.transaction().execute(async (trx) => {
    const nonce = randomBytes(16).toString('hex');
    const id = await repo.insertSubscription(trx, {
      email,
      locale: ctx.locale,
      // Tied to the account only when it is the account's own address (then /me/alerts lists it).
      user_id: ctx.user && ctx.user.email.toLowerCase() === email ? ctx.user.id : null,
      kecamatan_code: input.kecamatan ?? null,
      kelurahan_code: input.kelurahan ?? null,
      category_code: input.category ?? null,
      nonce,
      created_at: ctx.now.getTime(),
      confirmed_at: null,
      alerted_until: null,
    });
    const t = translator(ctx.locale);
    await enqueueEmail(trx, {
      to: email,
      locale: ctx.locale,
      subject: t('follows.alerts.confirmSubject'),
      text: t('follows.alerts.confirmBody', {
        link: await link(trx, ctx.siteUrl, 'confirm', id, nonce),
        unsubscribe: await link(trx, ctx.siteUrl, 'unsubscribe', id, nonce),
      }),
      topic: 'alerts.confirm',
      now: ctx.now,
    });
  });
}

export type TokenState = 'valid' | 'invalid';

export async function checkAlertToken(db: Kysely<Database>, purpose: Purpose, token: string | null): Promise<TokenState> {
  const t = await readToken(db, purpose, token);
  if (!t) return 'invalid';
  const s = await repo.findSubscription(db, t.id);
  return s && s.nonce === t.nonce ? 'valid' : 'invalid';
}

/** true when the subscription is (now or already) confirmed. */
export async function confirmAlertSubscription(db: Kysely<Database>, token: string | null, now: Date): Promise<boolean> {
  const t = await readToken(db, 'confirm', token);
  if (!t) return false;
  if (await repo.confirmSubscription(db, t.id, t.nonce, now.getTime())) return true;
  const s = await repo.findSubscription(db, t.id);
  return !!s && s.nonce === t.nonce && s.confirmed_at !== null;
}

/** One-click unsubscribe; a valid link used twice still answers "done". */
export async function unsubscribeAlert(db: Kysely<Database>, token: string | null): Promise<boolean> {
  const t = await readToken(db, 'unsubscribe', token);
  if (!t) return false;
  await repo.deleteSubscription(db, t.id, t.nonce);
  return true;
}

export async function listMyAlerts(db: Kysely<Database>, userId: number) {
  return (await repo.subscriptionsOfUser(db, userId)).map((s) => ({
    id: s.id,
    kecamatan: s.kecamatan_code,
    kelurahan: s.kelurahan_code,
    category: s.category_code,
    email: s.email,
    confirmed: s.confirmed_at !== null,
  }));
}

export async function removeMyAlert(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  return (await repo.deleteSubscriptionOfUser(db, id, userId)) > 0;
}

/** The worker job: one email per confirmed subscription with news since its window; pending ones expire. */
export async function sendAreaAlerts(db: Kysely<Database>, now: Date, siteUrl: string): Promise<{ emails: number; expired: number }> {
  const expired = await repo.deleteUnconfirmedBefore(db, now.getTime() - PENDING_KEEP_MS);
  const to = now.getTime() - ALERT_LAG_MS;
  let emails = 0;
  for (const s of await repo.confirmedSubscriptions(db, 5000)) {
    const from = Number(s.alerted_until ?? s.confirmed_at);
    if (from >= to) continue;
    const sent = await db.transaction().execute(async (trx) => {
      // Claim the window first: of two runs, the one that loses the compare-and-set sends nothing.
      if (!(await repo.advanceAlertWindow(trx, s.id, from, to))) return false;
      const rows = await repo.newComplaintsFor(trx, s, from, to, ALERT_LIST_MAX + 1);
      if (rows.length === 0) return false;
      const locale = isLocale(s.locale) ? s.locale : 'id';
      const t = translator(locale);
      const lines = rows
        .slice(0, ALERT_LIST_MAX)
        .map(
          (r) =>
            `- ${r.code}: ${r.title.replace(/\s+/g, ' ')} (${localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', locale)}, ${r.kecamatan_name})\n  ${siteUrl}/complaints/${r.code}`,
        );
      const more = rows.length > ALERT_LIST_MAX ? `\n${t('follows.alerts.more')}\n${siteUrl}/complaints` : '';
      return enqueueEmail(trx, {
        to: s.email,
        locale,
        subject: t('follows.alerts.subject', { n: Math.min(rows.length, ALERT_LIST_MAX) }),
        text: `${t('follows.alerts.lead')}\n\n${lines.join('\n')}${more}\n\n${t('follows.alerts.footer', { unsubscribe: await link(trx, siteUrl, 'unsubscribe', s.id, s.nonce) })}`,
        topic: 'alerts.new',
        dedupeKey: `alerts:${s.id}:${to}`,
        now,
      });
    });
    if (sent) emails += 1;
  }
  return { emails, expired };
}
