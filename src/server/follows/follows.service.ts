// Following a complaint: signed-in users follow public (and anonymous) complaints; each public event is
// emailed to every follower separately through the outbox, in the same transaction as the event, each
// message naming only the complaint and carrying its own unsubscribe link (no follower sees another).
// The reporter does not follow: they are told by notifyReporter already, so they are left out here.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { enqueueEmail } from '../notifications/outbox.ts';
import { isLocale, translator } from '../../i18n/index.ts';
import * as repo from './follows.repository.ts';
import { issueUnsubscribeToken, readUnsubscribeToken } from './unsubscribe-token.ts';
import { isContentPublic } from '../complaints/complaints.policy.ts';

export type FollowEvent = 'respond' | 'transfer' | 'resolve' | 'reject' | 'reopen';
export type FollowOutcome = { ok: true } | { ok: false; error: 'not_found' | 'not_followable' | 'reporter' };

/** Confidential complaints and spam are not public, so there is nothing to follow. */
function followable(c: { privacy: string; rejection_reason: string | null }): boolean {
  return isContentPublic(c);
}

export async function followState(
  db: Kysely<Database>,
  code: string,
  user: SessionUser | null,
): Promise<'following' | 'not_following' | 'reporter' | 'none'> {
  const c = await repo.findFollowableComplaint(db, code);
  if (!c || !followable(c)) return 'none';
  if (!user) return 'not_following';
  if (c.reporter_user_id === user.id) return 'reporter';
  return (await repo.isFollowing(db, c.id, user.id)) ? 'following' : 'not_following';
}

export async function setFollowing(
  db: Kysely<Database>,
  code: string,
  user: SessionUser,
  follow: boolean,
  now: Date,
): Promise<FollowOutcome> {
  const c = await repo.findFollowableComplaint(db, code);
  if (!c) return { ok: false, error: 'not_found' };
  if (!follow) {
    await repo.removeFollow(db, c.id, user.id);
    return { ok: true };
  }
  if (!followable(c)) return { ok: false, error: 'not_followable' };
  if (c.reporter_user_id === user.id) return { ok: false, error: 'reporter' };
  await repo.addFollow(db, c.id, user.id, now.getTime());
  return { ok: true };
}

/** The complaint code a valid unsubscribe token names (for the confirm page), or null. */
export async function unsubscribeTarget(
  db: Kysely<Database>,
  token: string | null,
): Promise<{ complaintId: number; userId: number } | null> {
  return readUnsubscribeToken(db, token);
}

/** One-click unsubscribe: idempotent, true for any valid token (a second click is still "done"). */
export async function unsubscribeByToken(db: Kysely<Database>, token: string | null): Promise<boolean> {
  const target = await readUnsubscribeToken(db, token);
  if (!target) return false;
  await repo.removeFollow(db, target.complaintId, target.userId);
  return true;
}

/**
 * Emails the complaint's followers about a public event, inside the caller's transaction. Each message
 * is deduplicated per event and follower, so a retried command never mails twice.
 */
export async function notifyFollowers(
  db: Kysely<Database>,
  m: {
    complaintId: number;
    privacy: string;
    reporterUserId: number | null;
    code: string;
    event: FollowEvent;
    eventId: number;
    note: string;
    department?: string;
    siteUrl: string;
    now: Date;
  },
): Promise<number> {
  if (m.privacy === 'confidential') return 0;
  let sent = 0;
  for (const f of await repo.listFollowersToNotify(db, m.complaintId, m.reporterUserId)) {
    const locale = isLocale(f.locale) ? f.locale : 'id';
    const t = translator(locale);
    const token = await issueUnsubscribeToken(db, m.complaintId, f.id);
    const link = `${m.siteUrl}/complaints/${m.code}`;
    const unsubscribe = `${m.siteUrl}/complaints/${m.code}/unfollow?t=${token}`;
    const text = `${t(`follows.mail.${m.event}`, { code: m.code, note: m.note, department: m.department ?? '' })}\n\n${t('follows.mail.footer', { link, unsubscribe })}`;
    const queued = await enqueueEmail(db, {
      to: f.email,
      locale,
      subject: t('follows.mail.subject', { code: m.code }),
      text,
      topic: `complaint.follow.${m.event}:${m.code}`,
      dedupeKey: `complaint.follow:${m.code}:${m.event}:${m.eventId}:${f.id}`,
      now: m.now,
    });
    if (queued) sent += 1;
  }
  return sent;
}
