// The verifier's queue: complaints awaiting verification, oldest first, with due time and overdue flag.
import type { Db } from '../db/index.ts';
import { fromDbTime } from '../db/values.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { countVerificationQueue, listVerificationQueue } from './complaints.repository.ts';

export async function verificationQueue(db: Db, now: Date, locale: Locale, page = 1, pageSize = 50) {
  const [rows, total] = await Promise.all([
    listVerificationQueue(db, { limit: pageSize, offset: (page - 1) * pageSize }),
    countVerificationQueue(db),
  ]);
  return {
    total,
    items: rows.map((r) => ({
      code: r.code,
      title: r.privacy === 'confidential' ? null : r.title,
      privacy: r.privacy,
      categoryName: localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', locale),
      kecamatanName: r.kecamatan_name,
      submittedAt: fromDbTime(r.submitted_at),
      dueAt: fromDbTime(r.verification_due_at),
      overdue: r.verification_due_at < now.getTime(),
      /** Filed sooner than a person fills the form: stored, but the verifier should look twice. */
      suspectedBot: !!r.suspect,
    })),
  };
}
