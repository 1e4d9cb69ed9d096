// region-check against one broken fixture folder per kind of problem (test/fixtures/regions/), and
// the three shipped regions, which must pass. What is asserted is what the operator reads: the file,
// the line and the message.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRegion, formatProblems } from '../../src/server/reference/region-check.ts';
import { REFERENCE_DIR } from '../../src/server/reference/region-dir.ts';

const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures/regions', name);
const report = (name: string, opts = {}) => formatProblems(checkRegion(fixture(name), opts)).split('\n');

describe('region-check', () => {
  it.each(['palembang', 'jakarta', 'palu'])('passes the shipped region %s', (region) => {
    expect(checkRegion(path.join(REFERENCE_DIR, region))).toEqual([]);
  });

  it.each(['palembang', 'jakarta', 'palu'])('names the government of %s and its official go.id website', (region) => {
    const info = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, region, 'region.json'), 'utf8')) as Record<string, string>;
    expect(info.government_name).toMatch(/^Pemerintah (Kota|Kabupaten|Provinsi) /);
    expect(new URL(info.government_website!).hostname).toMatch(/\.go\.id$/);
    // Every value is cited: the region's SOURCES.md names the website it came from.
    expect(fs.readFileSync(path.join(REFERENCE_DIR, region, 'SOURCES.md'), 'utf8')).toContain(new URL(info.government_website!).hostname);
  });

  it('passes the small valid fixture', () => {
    expect(checkRegion(fixture('valid'))).toEqual([]);
  });

  it('passes a valid fixture with units and unit routes (a kota code NN.NN is a known area)', () => {
    expect(checkRegion(fixture('valid-units'))).toEqual([]);
  });

  it('ships Jakarta with a Suku Dinas per kota for its road, drain and rubbish categories', () => {
    const units = fs.readFileSync(path.join(REFERENCE_DIR, 'jakarta', 'units.csv'), 'utf8');
    expect(units).toContain('BINAMARGA-JS,BINAMARGA,suku_dinas,Suku Dinas Bina Marga Jakarta Selatan,31.74');
    // Every unit is cited in SOURCES.md by its name.
    const sources = fs.readFileSync(path.join(REFERENCE_DIR, 'jakarta', 'SOURCES.md'), 'utf8');
    for (const line of units.trim().split('\n').slice(1)) expect(sources).toContain(`| ${line.split(',')[3]} |`);
  });

  it.each([
    ['missing-file', ['settings.csv: missing file']],
    ['malformed-csv', ['departments.csv:4: 2 fields, expected 3']],
    ['bad-header', ['topics.csv:1: header must be code,name_id,name_en,sort_order; missing sort_order; unexpected order']],
    ['bad-region-json', [expect.stringMatching(/^region\.json: not valid JSON: /)]],
    ['bad-region-code', ['region.json: kemendagri_code: Kemendagri code must be NN (province) or NN.NN (kabupaten/kota)']],
    [
      'bad-government',
      [
        'region.json: government_name: must name the government, e.g. "Pemerintah Kota Palembang"',
        'region.json: government_website: must be an http(s) address on a go.id host',
      ],
    ],
    ['duplicate-codes', ['departments.csv:4: duplicate DPU (first on line 2)']],
    ['category-without-department', ['categories.csv:3: sampah: routes automatically but has no department']],
    ['unknown-department', ['categories.csv:3: sampah: unknown department DLHK']],
    ['unknown-category', ['category-competencies.csv:4: unknown category drainase']],
    [
      'sla-out-of-range',
      [
        'categories.csv:2: jalan-rusak: response_days 30 outside 1–14 working days',
        'categories.csv:2: jalan-rusak: resolution_days 90 above 60 working days',
        'categories.csv:3: sampah: resolution_days 7 is shorter than response_days 10',
      ],
    ],
    [
      'holiday-wrong-year',
      ['holidays.csv:4: 2027-01-01 is not in 2026, the year of the other holidays', 'holidays.csv:4: 2027-01-01: the name says 2026'],
    ],
    [
      'bad-kemendagri',
      [
        'areas.csv:6: code: Kemendagri code must be NN.NN.NN (kecamatan) or NN.NN.NN.NNNN (kelurahan/desa)',
        "areas.csv:5: 16.71.01 is not inside the region's Kemendagri code 72.71",
        'areas.csv:7: 72.71.02.1001: parent_code 72.71.02 is not a kecamatan in this file',
      ],
    ],
    [
      'bad-area-points',
      [
        'area-points.csv:7: lat: Invalid input: expected number, received NaN',
        'area-points.csv:4: 72.71.09.1001 is not an area of areas.csv',
        'area-points.csv:5: 72.71.01.1006 (-3.008024, 104.743605) lies outside the bbox of region.json',
        'area-points.csv:6: duplicate 72.71.01.1004 (first on line 3)',
      ],
    ],
    ['bad-bbox', ['region.json: bbox: south must be below north and west left of east']],
    ['unit-unknown-department', ['units.csv:3: DPUPR-TIMUR: unknown department DPUPR']],
    ['unit-duplicate-code', ['units.csv:4: duplicate DPU-TIMUR (first on line 2)']],
    ['unit-unknown-area', ['units.csv:3: DPU-BARAT: unknown area 72.71.02', 'unit-routes.csv:3: unknown area 72.72']],
    [
      'unit-bad-row',
      ['units.csv:2: kind: Invalid option: expected one of "bidang"|"upt"|"suku_dinas"|"kecamatan_office"|"kelurahan_office"'],
    ],
    ['unit-route-duplicate', ['unit-routes.csv:4: duplicate jalan-rusak,72.71.01 (first on line 2)']],
    ['unit-route-unknown', ['unit-routes.csv:2: unknown category drainase', 'unit-routes.csv:3: unknown unit DPU-BARAT']],
    ['unit-route-mismatch', ['unit-routes.csv:3: sampah belongs to DLH but unit DPU-TIMUR to DPU']],
    ['unit-routes-without-units', ['unit-routes.csv:2: unknown unit DPU-TIMUR (no units.csv)']],
    [
      'bad-settings',
      [
        'settings.csv:2: verification_days = 0: a whole number from 1 to 14',
        'settings.csv:3: dispute_window_days = empat belas: a whole number from 1 to 60',
        'settings.csv:5: tracking_prefix comes from region.json; remove it here',
        'settings.csv: missing setting default_response_days',
      ],
    ],
  ])('reports %s with its file and line', (name, expected) => {
    expect(report(name)).toEqual(expected);
  });

  it('checks competency codes against the catalogue it is given', () => {
    expect(report('valid', { competencies: new Set(['pengelolaan_lingkungan']) })).toEqual([
      'category-competencies.csv:2: unknown competency infrastruktur_jalan_drainase',
    ]);
  });

  it('says so when the folder does not exist', () => {
    expect(report('tidak-ada')).toEqual([expect.stringMatching(/^\.: no region folder at .*tidak-ada$/)]);
  });
});
