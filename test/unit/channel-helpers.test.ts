// Pure helpers of issue 23: the region's optional bounding box, the media fetcher's address check, and
// the import's source dates and CSV reading.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideBbox, regionBbox } from '../../src/server/open311/region-bbox.ts';
import { isPublicAddress } from '../../src/server/open311/media-fetch.ts';
import { parseSourceDate } from '../../src/server/channels/import-mapping.ts';
import { readCsv } from '../../src/server/channels/import-file.ts';

const WIB = () => 7 * 60;

describe('region bbox', () => {
  it('is read from region.json when present, and absent (no check) otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bbox-'));
    fs.mkdirSync(path.join(dir, 'with'));
    fs.mkdirSync(path.join(dir, 'without'));
    fs.writeFileSync(
      path.join(dir, 'with', 'region.json'),
      JSON.stringify({ name: 'Uji', bbox: { south: -3.1, west: 104.6, north: -2.8, east: 104.9 } }),
    );
    fs.writeFileSync(path.join(dir, 'without', 'region.json'), JSON.stringify({ name: 'Uji' }));
    const b = regionBbox('with', dir)!;
    expect(insideBbox(b, -2.97, 104.77)).toBe(true);
    expect(insideBbox(b, -6.2, 106.8)).toBe(false);
    expect(regionBbox('without', dir)).toBeNull();
    expect(regionBbox('missing', dir)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});

describe('media_url addresses', () => {
  it('refuses loopback, private, link-local, CGNAT and mapped addresses; allows public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::FFFF:a9fe:a9fe',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '103.10.20.30', '::ffff:808:808', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
  });
});

describe('import source dates', () => {
  it('reads each format in the deployment zone and refuses dates that do not exist', () => {
    expect(parseSourceDate('10/03/2026 09:15', 'DD/MM/YYYY', WIB)).toBe(Date.parse('2026-03-10T09:15:00+07:00'));
    expect(parseSourceDate('2026-03-10', 'YYYY-MM-DD', WIB)).toBe(Date.parse('2026-03-10T00:00:00+07:00'));
    expect(parseSourceDate('10-03-2026', 'DD-MM-YYYY', WIB)).toBe(Date.parse('2026-03-10T00:00:00+07:00'));
    expect(parseSourceDate('31/02/2026', 'DD/MM/YYYY', WIB)).toBeNull();
    expect(parseSourceDate('2026-03-10', 'DD/MM/YYYY', WIB)).toBeNull();
    // A spreadsheet date cell shows a wall-clock time (exceljs reads it as UTC fields).
    expect(parseSourceDate(new Date(Date.UTC(2026, 2, 10, 9, 15)), 'YYYY-MM-DD', WIB)).toBe(Date.parse('2026-03-10T09:15:00+07:00'));
  });

  it('reads CSV with semicolons, quotes, doubled quotes, CRLF and a BOM', () => {
    const rows = readCsv('\uFEFFa;b\r\n1;"x; ""y"""\r\n\r\n2;\n');
    expect(rows).toEqual([
      { a: '1', b: 'x; "y"' },
      { a: '2', b: '' },
    ]);
    expect(() => readCsv('a,b\n1,"open')).toThrow(/not closed/);
  });
});
