// A region's optional map geography: the bounding box in region.json and one known point per area in
// area-points.csv (centroids of cited boundary data, see db/reference/<region>/SOURCES.md). region-check
// validates both; the complaint form uses them to pre-select the area nearest a pin and to refuse a
// point outside the region. Pure reading: nothing here touches the database.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseCsvRecords } from './csv.ts';
import { AREA_POINTS_FILE, areaPointRow, type regionSchema } from './reference.schema.ts';

export type Bbox = NonNullable<z.infer<typeof regionSchema>['bbox']>;
export interface AreaPoint {
  code: string;
  lat: number;
  lng: number;
}

type Add = (file: string, line: number | null, message: string) => void;

/** Reads area-points.csv; null when the region has none. Rows that fail the schema are reported through `add`. */
export function parseAreaPoints(folder: string, add: Add = () => {}): (AreaPoint & { line: number })[] | null {
  const full = path.join(folder, AREA_POINTS_FILE);
  if (!fs.existsSync(full)) return null;
  const { header, rows } = parseCsvRecords(fs.readFileSync(full, 'utf8'));
  const expected = Object.keys(areaPointRow.shape);
  if (header.join(',') !== expected.join(',')) {
    add(AREA_POINTS_FILE, 1, `header must be ${expected.join(',')}`);
    return null;
  }
  const out: (AreaPoint & { line: number })[] = [];
  for (const r of rows) {
    const parsed =
      r.fields.length === header.length ? areaPointRow.safeParse(Object.fromEntries(header.map((h, i) => [h, r.fields[i]]))) : null;
    if (!parsed) add(AREA_POINTS_FILE, r.line, `${r.fields.length} fields, expected ${header.length}`);
    else if (!parsed.success) add(AREA_POINTS_FILE, r.line, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    else out.push({ ...parsed.data, line: r.line });
  }
  return out;
}

export function insideBbox(b: Bbox, lat: number, lng: number): boolean {
  return lat >= b.south && lat <= b.north && lng >= b.west && lng <= b.east;
}

/** region-check's part: every point names an area of areas.csv once, and lies inside the bounding box. */
export function checkAreaPoints(folder: string, areaCodes: ReadonlySet<string> | null, bbox: Bbox | undefined, add: Add): void {
  const points = parseAreaPoints(folder, add);
  if (!points) return;
  const seen = new Map<string, number>();
  for (const p of points) {
    const first = seen.get(p.code);
    if (first !== undefined) add(AREA_POINTS_FILE, p.line, `duplicate ${p.code} (first on line ${first})`);
    else seen.set(p.code, p.line);
    if (areaCodes && !areaCodes.has(p.code)) add(AREA_POINTS_FILE, p.line, `${p.code} is not an area of areas.csv`);
    if (bbox && !insideBbox(bbox, p.lat, p.lng))
      add(AREA_POINTS_FILE, p.line, `${p.code} (${p.lat}, ${p.lng}) lies outside the bbox of region.json`);
  }
  // A bounding box is only as good as the data it is derived from: points and no box is an omission.
  if (!bbox && points.length > 0) add('region.json', null, `bbox: ${AREA_POINTS_FILE} has points but region.json has no bbox`);
}
