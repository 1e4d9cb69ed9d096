// Kecamatan and kelurahan are spelled one way everywhere (issue 22): the reference data's common form
// ("Ilir Barat II", "35 Ilir") on the report tables and filter labels (hence the exports' header rows) and
// in the data-subject export, the same as on the complaint pages; the official name stays in areas.name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { fileSocial } from '../support/collaboration.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import { kecamatanNames } from '../../src/server/metrics/metrics.repository.ts';
import { parseReportQuery, resolveFilters } from '../../src/server/metrics/report-query.ts';
import { complaintByCode } from '../../src/server/dataprotection/subject-data.repository.ts';
import { areaName } from '../../src/server/reference/area-names.ts';

let db: TestDb;
let uploadDir: string;
beforeAll(async () => {
  db = await createTestDb();
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-area-names-'));
});
afterAll(async () => {
  await db?.cleanup();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

describe(`area names spelled one way (${dialectName})`, () => {
  it('shows the common form, falling back to the official name', () => {
    expect(areaName({ name: 'Ilir Barat Dua', common_name: 'Ilir Barat II' })).toBe('Ilir Barat II');
    expect(areaName({ name: 'Sako', common_name: ' ' })).toBe('Sako');
  });

  it('reports, their filter labels and the data-subject export use the common form', async () => {
    const official = await db.db
      .selectFrom('areas')
      .select(['name', 'common_name'])
      .where('code', '=', '16.71.01')
      .executeTakeFirstOrThrow();
    expect(official).toEqual({ name: 'Ilir Barat Dua', common_name: 'Ilir Barat II' });
    const kecs = await kecamatanNames(db.db);
    expect(kecs.find((k) => k.code === '16.71.01')?.name).toBe('Ilir Barat II');
    expect(kecs.some((k) => k.name === 'Ilir Barat Dua')).toBe(false);
    const names = kecs.map((k) => k.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'id')));
    const resolved = await resolveFilters(db.db, parseReportQuery(new URLSearchParams({ kecamatan: '16.71.01' })), {}, 'id');
    expect(resolved?.labels.kecamatan).toBe('Ilir Barat II');
    const code = await fileSocial(db.db, new Date('2026-11-23T09:00:00+07:00'), await loadCalendar(db.db, 'Asia/Jakarta'), uploadDir);
    const [row] = await complaintByCode(db.db, code);
    expect([row!.kecamatan, row!.kelurahan]).toEqual(['Ilir Barat II', '35 Ilir']);
  });
});
