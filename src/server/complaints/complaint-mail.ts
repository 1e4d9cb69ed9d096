// The confirmation email to a reporter: the tracking code and a follow-up link (never the access key).
import { isLocale, translator } from '../../i18n/index.ts';

export function submissionEmail(locale: string, code: string, link: string): { subject: string; text: string } {
  const t = translator(isLocale(locale) ? locale : 'id');
  return {
    subject: t('complaints.mail.subject', { code }),
    text: t('complaints.mail.body', { code, link }),
  };
}
