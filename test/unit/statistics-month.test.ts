import { describe, expect, it } from 'vitest';
import { formatMonth } from '../../src/server/metrics/statistics.view.ts';

describe('months on the public statistics', () => {
  it('reads as the reader says them: "Des 2025" in Indonesian, "Dec 2025" in English', () => {
    expect(formatMonth('2025-12', 'id', 'Asia/Jakarta')).toBe('Des 2025');
    expect(formatMonth('2025-12', 'en', 'Asia/Jakarta')).toBe('Dec 2025');
    expect(formatMonth('2026-08', 'id', 'Asia/Makassar')).toBe('Agu 2026');
    expect(formatMonth('2026-05', 'id', 'Asia/Jakarta')).toBe('Mei 2026');
  });

  it('keeps the calendar month in every Indonesian time zone (and the ones either side of UTC)', () => {
    for (const tz of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(formatMonth('2026-01', 'id', tz)).toBe('Jan 2026');
      expect(formatMonth('2025-12', 'en', tz)).toBe('Dec 2025');
    }
  });

  it('leaves anything that is not a month as it is', () => {
    expect(formatMonth('all', 'id', 'Asia/Jakarta')).toBe('all');
  });
});
