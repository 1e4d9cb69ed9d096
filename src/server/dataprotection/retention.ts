// Retention (UU PDP: keep no longer than needed): contact data of complaints closed or rejected more
// than RETENTION_CONTACT_MONTHS ago is anonymised; their photos go after RETENTION_PHOTO_MONTHS.
// Idempotent and safe on several servers: every row change is conditional on the data still being there.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { removePhotos } from '../complaints/complaint-photos.ts';
import { complaintsWithContactFinishedBefore, deletePhotoRow, photosFinishedBefore } from './erasure.repository.ts';
import { eraseOneComplaint } from './erasure.ts';
import { RETENTION_BATCH } from '../limits.ts';

export interface RetentionOptions {
  contactMonths: number;
  photoMonths: number;
  uploadDir: string;
  dryRun?: boolean;
  /** Rows per batch; the job loops until nothing is left. */
  batch?: number;
}

export interface RetentionReport {
  dryRun: boolean;
  contactCutoff: string;
  photoCutoff: string;
  complaintsAnonymised: number;
  photosDeleted: number;
  complaintCodes: string[];
}

/** `now` minus whole calendar months (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export async function runRetention(db: Kysely<Database>, now: Date, opts: RetentionOptions): Promise<RetentionReport> {
  const batch = opts.batch ?? RETENTION_BATCH;
  const contactCutoff = monthsBefore(now, opts.contactMonths);
  const photoCutoff = monthsBefore(now, opts.photoMonths);
  const report: RetentionReport = {
    dryRun: !!opts.dryRun,
    contactCutoff: contactCutoff.toISOString(),
    photoCutoff: photoCutoff.toISOString(),
    complaintsAnonymised: 0,
    photosDeleted: 0,
    complaintCodes: [],
  };

  if (opts.dryRun) {
    const due = await complaintsWithContactFinishedBefore(db, contactCutoff.getTime(), 100_000);
    report.complaintsAnonymised = due.length;
    report.complaintCodes = due.map((c) => c.code).slice(0, 50);
    report.photosDeleted = (await photosFinishedBefore(db, photoCutoff.getTime(), 100_000)).length;
    return report;
  }

  for (;;) {
    const due = await complaintsWithContactFinishedBefore(db, contactCutoff.getTime(), batch);
    if (due.length === 0) break;
    let progressed = 0;
    for (const c of due) {
      const changed = await db.transaction().execute(async (trx) => {
        const r = await eraseOneComplaint(trx, c);
        if (r.complaints === 0) return false; // another server got there first
        await appendAudit(trx, {
          action: 'retention.contact_anonymised',
          objectType: 'complaint',
          objectId: c.code,
          details: { months: opts.contactMonths },
          at: now,
        });
        return true;
      });
      if (changed) {
        progressed += 1;
        report.complaintsAnonymised += 1;
        if (report.complaintCodes.length < 50) report.complaintCodes.push(c.code);
      }
    }
    if (progressed === 0 || due.length < batch) break;
  }

  for (;;) {
    const photos = await photosFinishedBefore(db, photoCutoff.getTime(), batch);
    if (photos.length === 0) break;
    for (const p of photos) {
      // Only the server whose delete removed the row removes the file.
      if (await deletePhotoRow(db, p.id)) {
        await removePhotos(opts.uploadDir, [p.file_name]);
        report.photosDeleted += 1;
      }
    }
    if (photos.length < batch) break;
  }
  if (report.photosDeleted > 0) {
    await appendAudit(db, {
      action: 'retention.photos_deleted',
      objectType: 'complaint_photo',
      details: { count: report.photosDeleted, months: opts.photoMonths },
      at: now,
    });
  }
  return report;
}
