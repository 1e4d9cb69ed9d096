// Rate limits on filing complaints. Indonesian mobile carriers put many residents behind one address
// (CGNAT), so the tight limits are per device (the form token's device id) and per account; the
// per-address limit is only a ceiling against floods, high enough for a carrier gateway.
import type { Db } from '../db/index.ts';
import { consume, rateLimitKey, type RateLimitResult } from '../security/rate-limit.ts';
import { groupedWrites } from '../db/group-commit.ts';
import { ATTEMPTS_PER_ADDRESS_HOUR, ATTEMPTS_PER_DEVICE_HOUR, FILING_WINDOW_MS } from '../limits.ts';

export interface FilingWho {
  deviceId: string;
  userId: number | null;
  ip: string;
}

export interface FilingLimits {
  /** Complaints stored per device and per account (COMPLAINTS_PER_HOUR). */
  perHour: number;
  /** Complaints stored per address (COMPLAINTS_PER_ADDRESS_HOUR). */
  perAddressHour: number;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

function verdict(results: RateLimitResult[]): LimitVerdict {
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)) };
}

/**
 * Counts one POST of the form, plus one per photo it carries (each is decoded and may be kept on disk
 * as pending); checked before any photo is decoded. A deployment that raises the filing limits raises
 * these with them (four attempts per complaint allowed).
 */
export async function countFilingAttempt(db: Db, who: FilingWho, limits: FilingLimits, now: Date, photos = 0): Promise<LimitVerdict> {
  const cost = 1 + photos;
  const perDevice = Math.max(ATTEMPTS_PER_DEVICE_HOUR, 4 * limits.perHour);
  const perAddress = Math.max(ATTEMPTS_PER_ADDRESS_HOUR, 4 * limits.perAddressHour);
  // On SQLite the counts join the filings' group commit instead of committing one by one.
  return verdict(
    await groupedWrites(db, async (q) => [
      await consume(
        q,
        rateLimitKey('complaint.attempt.device', who.deviceId),
        { points: perDevice, windowMs: FILING_WINDOW_MS },
        now,
        cost,
      ),
      await consume(q, rateLimitKey('complaint.attempt.ip', who.ip), { points: perAddress, windowMs: FILING_WINDOW_MS }, now, cost),
    ]),
  );
}

/** Counts one complaint about to be stored: per device and account first, then the address ceiling. */
export async function countFiling(db: Db, who: FilingWho, limits: FilingLimits, now: Date): Promise<LimitVerdict> {
  const results = await groupedWrites(db, async (q) => {
    const r = [
      await consume(q, rateLimitKey('complaint.device', who.deviceId), { points: limits.perHour, windowMs: FILING_WINDOW_MS }, now),
    ];
    if (who.userId !== null)
      r.push(
        await consume(q, rateLimitKey('complaint.user', String(who.userId)), { points: limits.perHour, windowMs: FILING_WINDOW_MS }, now),
      );
    r.push(await consume(q, rateLimitKey('complaint.ip', who.ip), { points: limits.perAddressHour, windowMs: FILING_WINDOW_MS }, now));
    return r;
  });
  return verdict(results);
}
