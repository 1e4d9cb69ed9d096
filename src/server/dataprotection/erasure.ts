// Erasure, one function per domain: each removes a data subject's contact data and scrubs their
// identifiers from the texts of its own tables, inside the caller's transaction. The public record
// (codes, states, timestamps, categories, departments, counts) is never touched, so metrics stay.
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './erasure.repository.ts';
import { identifiersOf } from './scrub.ts';
import { deleteFollowsOfUser } from '../follows/follows.repository.ts';
import { deleteSubscriptionsOf } from '../follows/alerts.repository.ts';

type Trx = Transaction<Database>;

export interface ErasureReport {
  complaints: number;
  textsScrubbed: number;
  contributions: number;
  followsRemoved: number;
  outboxRemoved: number;
  outboxScrubbed: number;
}

export function emptyReport(): ErasureReport {
  return { complaints: 0, textsScrubbed: 0, contributions: 0, followsRemoved: 0, outboxRemoved: 0, outboxScrubbed: 0 };
}

/** Complaints domain: contact fields gone, identifiers scrubbed from the complaint's own texts. */
export async function eraseComplaintData(trx: Trx, complaintIds: number[], identifiers: string[], report: ErasureReport): Promise<void> {
  for (const id of complaintIds) report.complaints += await repo.clearComplaintContact(trx, id);
  for (const spec of repo.COMPLAINT_TEXT) report.textsScrubbed += await repo.scrubRows(trx, spec, complaintIds, identifiers);
  await eraseComplaintExtras(trx, complaintIds, identifiers, report);
}

/**
 * Anything of a complaint that needs more than scrubbing text (the texts, rating comments included,
 * are listed in repo.COMPLAINT_TEXT). Nothing yet: information the reporter added later is stored as
 * complaint events and photos, covered above and by retention.
 */
export async function eraseComplaintExtras(
  _trx: Trx,
  _complaintIds: number[],
  _identifiers: string[],
  _report: ErasureReport,
): Promise<void> {}

/** Consultations domain: the user's contributions scrubbed (kept, with their counts), follows removed. */
export async function eraseConsultationData(trx: Trx, userId: number, identifiers: string[], report: ErasureReport): Promise<void> {
  for (const spec of repo.USER_TEXT) report.contributions += await repo.scrubRows(trx, spec, [userId], identifiers);
  const responses = await repo.responsesToUser(trx, userId);
  report.textsScrubbed += await repo.scrubRows(
    trx,
    { table: 'official_responses', key: 'id', id: 'id', columns: ['body'] },
    responses,
    identifiers,
  );
  report.followsRemoved += await repo.deleteFollows(trx, userId);
}

/** Notifications domain: unsent mail to the addresses dropped, sent mail without its recipient. */
export async function eraseOutboxData(
  trx: Trx,
  emails: string[],
  identifiers: string[],
  report: ErasureReport,
  topicFilter?: string,
): Promise<void> {
  const r = await repo.scrubOutbox(trx, emails, identifiers, topicFilter);
  report.outboxRemoved += r.removed;
  report.outboxScrubbed += r.scrubbed;
}

/** Accounts domain: closed, sessions ended, contact data replaced; null when there is no such account. */
export async function eraseAccountData(trx: Trx, userId: number, now: Date): Promise<ErasureReport | null> {
  const user = await repo.findAccount(trx, userId);
  if (!user || user.erased_at !== null) return null;
  const complaints = await repo.complaintsOfReporter(trx, userId);
  const identifiers = identifiersOf([
    user.name,
    user.email,
    user.phone,
    user.organisation,
    ...complaints.flatMap((c) => [c.reporter_name, c.reporter_email, c.reporter_phone]),
  ]);
  const emails = [user.email, ...complaints.map((c) => c.reporter_email)].filter((e): e is string => !!e);
  const report = emptyReport();
  await eraseComplaintData(
    trx,
    complaints.map((c) => c.id),
    identifiers,
    report,
  );
  await eraseConsultationData(trx, userId, identifiers, report);
  // Complaints they followed: the follow rows go (the complaints stay).
  report.followsRemoved += await deleteFollowsOfUser(trx, userId);
  report.followsRemoved += await deleteSubscriptionsOf(trx, userId, [...new Set(emails)]);
  // WhatsApp messages are addressed to the complaint's reporter_phone (E.164), like mail to its email.
  const phones = complaints.map((c) => c.reporter_phone).filter((p): p is string => !!p);
  await eraseOutboxData(trx, [...new Set([...emails, ...phones])], identifiers, report);
  await repo.anonymiseAccount(trx, userId, `erased:${randomBytes(16).toString('hex')}`, now.getTime());
  return report;
}

/** One complaint of a reporter without an account (or a retention run): its contact data only. */
export async function eraseOneComplaint(
  trx: Trx,
  complaint: { id: number; code: string; reporter_name: string | null; reporter_email: string | null; reporter_phone: string | null },
): Promise<ErasureReport> {
  const identifiers = identifiersOf([complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone]);
  const report = emptyReport();
  await eraseComplaintData(trx, [complaint.id], identifiers, report);
  // Mail to its email and WhatsApp messages to its number (channel 'whatsapp'), about this complaint.
  const recipients = [complaint.reporter_email, complaint.reporter_phone].filter((r): r is string => !!r);
  if (recipients.length > 0) await eraseOutboxData(trx, recipients, identifiers, report, complaint.code);
  return report;
}
