import { describe, expect, it } from 'vitest';
import { commonAreaName, indonesianNumber } from '../../src/server/reference/area-names.ts';

describe('Indonesian number words', () => {
  it.each([
    ['Satu', 1],
    ['Sepuluh', 10],
    ['Sebelas', 11],
    ['Dua-belas', 12],
    ['Sembilan-belas', 19],
    ['Dua-puluh', 20],
    ['Tiga-puluh-lima', 35],
    ['Kelapa', null],
    ['Dua-dua', null],
  ])('%s → %s', (w, n) => expect(indonesianNumber(w)).toBe(n));
});

describe('common area names', () => {
  it.each([
    ['Tiga-puluh-lima Ilir', '35 Ilir'],
    ['Ilir Barat Dua', 'Ilir Barat II'],
    ['Seberang Ulu Satu', 'Seberang Ulu I'],
    ['Dua-puluh Ilir Tiga', '20 Ilir III'],
    ['Dua-puluh-enam Ilir Satu', '26 Ilir I'],
    ['Tiga Empat Ulu', '3-4 Ulu'],
    ['Sembilan Sepuluh Ulu', '9-10 Ulu'],
    ['Kemangmanis', 'Kemangmanis'],
    ['Sako Baru', 'Sako Baru'],
  ])('Palembang: %s → %s', (official, common) => expect(commonAreaName(official, { region: 'palembang' })).toBe(common));

  it('keeps numbers that are part of proper names elsewhere', () => {
    expect(commonAreaName('Kelapa Dua', { region: 'jakarta' })).toBe('Kelapa Dua');
    expect(commonAreaName('Mangga Dua Selatan', { region: 'jakarta' })).toBe('Mangga Dua Selatan');
  });
});
