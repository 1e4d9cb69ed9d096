// Tracking a complaint by its code (and, to open its private details, its access key): the code is
// checked, the lookups are rate-limited per client address, the key is compared in constant time. The
// page turns the outcome into a redirect, the key cookie or the form with its errors; the key never
// travels in a URL.
//
// The lookup limit is counted in this process's memory, not in the database: a lookup changes
// nothing, and a durable (fsynced) write per lookup made the cheapest public form one of the most
// expensive requests. With several app servers behind a balancer each counts on its own, so an address
// gets at most TRACK_LIMIT.points × (number of app servers) lookups per window — 60 per 10 minutes with
// two, still far too few to guess codes (31^6 per prefix and year) or keys; a restart forgets the counts.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/index.ts';
import { trackSchema } from './complaints.schema.ts';
import { fieldErrors, type FieldErrors } from '../http/forms.ts';
import { accessKeyMatches, normaliseTrackingCode } from './complaint-codes.ts';
import { findComplaintByCode } from './complaints.repository.ts';
import { TRACK_LIMIT } from '../limits.ts';

const lookups = new RateLimiterMemory({ keyPrefix: 'track', points: TRACK_LIMIT.points, duration: TRACK_LIMIT.windowMs / 1000 });

/** Counts one lookup from the address; the milliseconds to wait when over the limit, else null. */
async function overLimit(clientIp: string): Promise<number | null> {
  try {
    await lookups.consume(clientIp);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return e.msBeforeNext;
    throw e;
  }
}

export type TrackOutcome =
  /** Open the complaint's page; with `key`, the key matched and is to be remembered for this code. */
  { kind: 'open'; code: string; key?: string } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'rate_limited'; minutes: number };

export async function trackComplaint(db: Db, input: Record<string, unknown>, clientIp: string): Promise<TrackOutcome> {
  const parsed = trackSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
  const code = normaliseTrackingCode(parsed.data.code);
  const waitMs = await overLimit(clientIp);
  if (waitMs !== null) return { kind: 'rate_limited', minutes: Math.max(1, Math.ceil(waitMs / 60000)) };
  const c = code ? await findComplaintByCode(db, code) : undefined;
  if (!c) return { kind: 'invalid', errors: { code: code ? 'complaints.track.notFound' : 'complaints.errors.codeFormat' } };
  if (!parsed.data.key) return { kind: 'open', code: c.code };
  if (!accessKeyMatches(parsed.data.key, c.access_key_hash)) return { kind: 'invalid', errors: { key: 'complaints.track.wrongKey' } };
  return { kind: 'open', code: c.code, key: parsed.data.key.toUpperCase() };
}
