// Dates of consultations as readers see them: in the deployment's time zone, in their language.
import { config } from '../config.ts';
import { dateTimeFormat, intlLocale } from '../intl.ts';

export function formatDateTime(d: Date | number, locale: string): string {
  return (
    dateTimeFormat(intlLocale(locale), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: config().timeZone,
    }).format(typeof d === 'number' ? new Date(d) : d) + ` ${config().tzRegion}`
  );
}

export function formatDate(isoDate: string, locale: string): string {
  return dateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
