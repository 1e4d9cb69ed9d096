// "Dukung" (me too): a resident or visitor adds their support to an open, public complaint instead of
// filing the same problem again. One supporter per account (signed in) or per browser (a visitor's
// device cookie, stored only as a keyed hash), enforced by a unique key, so a double tap or a retry
// counts once. The browser key is honest about what it is: clearing cookies makes a new one, so the
// count is "supporters", not "people"; a per-address ceiling and a per-device limit bound inflation.
// A signed-in supporter may also follow the complaint's updates (the follows module emails them).
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { appSecret } from '../security/app-secrets.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { isOpen } from '../complaints/complaint-states.ts';
import { addFollow } from '../follows/follows.repository.ts';
import * as repo from './supporters.repository.ts';
import { isContentPublic } from '../complaints/complaints.policy.ts';
import { SUPPORT_WINDOW_MS, SUPPORTS_PER_ADDRESS_HOUR, SUPPORTS_PER_HOUR } from '../limits.ts';

export interface Supporter {
  user: SessionUser | null;
  /** The browser's device cookie (src/server/complaints/device-cookie.ts). */
  deviceId: string;
  ip: string;
}

export type SupportOutcome =
  | { ok: true; added: boolean; following: boolean }
  | { ok: false; error: 'not_found' | 'not_supportable' | 'reporter' }
  | { ok: false; error: 'rate_limited'; retryAfterMs: number };

/** Confidential complaints (and spam) are not public; closed, resolved or merged ones need no support. */
function supportable(c: { state: Parameters<typeof isOpen>[0]; privacy: string; rejection_reason: string | null }): boolean {
  return isOpen(c.state) && isContentPublic(c);
}

/** The supporter's key: the account when signed in, else a keyed hash of the device cookie. */
export async function supporterKey(db: Kysely<Database>, who: Pick<Supporter, 'user' | 'deviceId'>): Promise<string> {
  if (who.user) return `user:${who.user.id}`;
  const mac = createHmac('sha256', await appSecret(db, 'complaint_supporter_device'))
    .update(who.deviceId)
    .digest('hex');
  return `device:${mac.slice(0, 40)}`;
}

export async function supportComplaint(
  db: Kysely<Database>,
  code: string,
  who: Supporter,
  opts: { follow: boolean; now: Date },
): Promise<SupportOutcome> {
  const c = await repo.findSupportTarget(db, code);
  if (!c) return { ok: false, error: 'not_found' };
  if (!supportable(c)) return { ok: false, error: 'not_supportable' };
  if (who.user && c.reporter_user_id === who.user.id) return { ok: false, error: 'reporter' };
  const key = await supporterKey(db, who);
  // Limits before any write; an already-counted support still costs a hit (a flood is a flood).
  const subject = who.user ? `user:${who.user.id}` : `device:${who.deviceId}`;
  const limits = [
    await consume(db, rateLimitKey('complaint.support', subject), { points: SUPPORTS_PER_HOUR, windowMs: SUPPORT_WINDOW_MS }, opts.now),
    await consume(
      db,
      rateLimitKey('complaint.support.ip', who.ip),
      { points: SUPPORTS_PER_ADDRESS_HOUR, windowMs: SUPPORT_WINDOW_MS },
      opts.now,
    ),
  ].filter((r) => !r.allowed);
  if (limits.length > 0) return { ok: false, error: 'rate_limited', retryAfterMs: Math.max(...limits.map((r) => r.retryAfterMs)) };
  return db.transaction().execute(async (trx) => {
    // Still open (not merged or closed meanwhile), holding the row until commit: see holdOpenComplaint.
    if (!(await repo.holdOpenComplaint(trx, c.id))) return { ok: false, error: 'not_supportable' } as const;
    const added = await repo.addSupporter(trx, { complaintId: c.id, key, userId: who.user?.id ?? null, now: opts.now.getTime() });
    const following = !!who.user && opts.follow;
    if (following) await addFollow(trx, c.id, who.user!.id, opts.now.getTime());
    return { ok: true, added, following } as const;
  });
}

export interface SupportView {
  count: number;
  /** Whether this visitor (account or browser) already supports it. */
  supported: boolean;
  /** Whether "Dukung" is offered at all: open, public or anonymous, and not the viewer's own complaint. */
  offered: boolean;
}

export async function supportView(
  db: Kysely<Database>,
  code: string,
  who: Pick<Supporter, 'user'> & { deviceId: string | null },
): Promise<SupportView | null> {
  const c = await repo.findSupportTarget(db, code);
  if (!c || !isContentPublic(c)) return null;
  const count = await repo.countSupporters(db, c.id);
  const own = !!who.user && c.reporter_user_id === who.user.id;
  const supported =
    who.user || who.deviceId
      ? await repo.hasSupporter(db, c.id, await supporterKey(db, { user: who.user, deviceId: who.deviceId ?? '' }))
      : false;
  return { count, supported, offered: supportable(c) && !own };
}

/** The supporter count of any complaint by code (staff view): null when there is no such complaint. */
export async function supporterCount(db: Kysely<Database>, code: string): Promise<number | null> {
  const c = await repo.findSupportTarget(db, code);
  return c ? repo.countSupporters(db, c.id) : null;
}
