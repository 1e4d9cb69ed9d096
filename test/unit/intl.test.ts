// Formatters are built once per locale and options, and format as a fresh one would.
import { describe, expect, it } from 'vitest';
import { dateTimeFormat, intlLocale, numberFormat } from '../../src/server/intl.ts';
import { formatDateTime } from '../../src/server/complaints/format.ts';

describe('cached Intl formatters', () => {
  it('returns one formatter per locale and options, a different one when either differs', () => {
    const a = dateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium' });
    expect(dateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium' })).toBe(a);
    expect(dateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', dateStyle: 'medium' })).not.toBe(a);
    expect(dateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', dateStyle: 'medium' })).not.toBe(a);
    expect(numberFormat('id-ID', { maximumFractionDigits: 1 })).toBe(numberFormat('id-ID', { maximumFractionDigits: 1 }));
  });

  it('formats exactly as a formatter built for the call', () => {
    const at = new Date('2026-12-03T17:05:00Z');
    const fresh = new Intl.DateTimeFormat('id-ID', {
      timeZone: 'Asia/Makassar',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(at);
    expect(formatDateTime(at, 'id', 'Asia/Makassar')).toBe(fresh);
    // Called again with another zone, the cache does not hand back the first zone's formatter.
    expect(formatDateTime(at, 'id', 'Asia/Jakarta')).not.toBe(fresh);
    expect(numberFormat(intlLocale('id'), { maximumFractionDigits: 0 }).format(2500)).toBe('2.500');
    expect(numberFormat(intlLocale('en'), { maximumFractionDigits: 0 }).format(2500)).toBe('2,500');
  });
});
