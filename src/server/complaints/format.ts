// Dates and times as residents read them: in the deployment's zone, in their language.
import { config } from '../config.ts';
import { dateTimeFormat, intlLocale } from '../intl.ts';

export function formatDateTime(d: Date | null | undefined, locale: string, timeZone: string = config().timeZone): string {
  if (!d) return '';
  return dateTimeFormat(intlLocale(locale), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(d);
}

export function formatDate(d: Date | null | undefined, locale: string, timeZone: string = config().timeZone): string {
  if (!d) return '';
  return dateTimeFormat(intlLocale(locale), { timeZone, dateStyle: 'medium' }).format(d);
}
