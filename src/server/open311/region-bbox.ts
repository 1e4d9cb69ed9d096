// The region's bounding box from db/reference/<region>/region.json (`bbox`: south, west, north, east in
// WGS 84 degrees), for refusing Open311 points far outside the area the portal serves. Optional: a region
// without a bbox key is not checked.
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../reference/region-dir.ts';

export interface Bbox {
  south: number;
  west: number;
  north: number;
  east: number;
}

const cache = new Map<string, Bbox | null>();

export function regionBbox(region: string, dir = REFERENCE_DIR): Bbox | null {
  const key = `${dir}\0${region}`;
  if (cache.has(key)) return cache.get(key)!;
  let bbox: Bbox | null = null;
  try {
    const b = (JSON.parse(fs.readFileSync(path.join(dir, region, 'region.json'), 'utf8')) as { bbox?: Partial<Bbox> }).bbox;
    if (
      b &&
      [b.south, b.west, b.north, b.east].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
      b.south! < b.north! &&
      b.west! < b.east!
    ) {
      bbox = { south: b.south!, west: b.west!, north: b.north!, east: b.east! };
    }
  } catch {
    bbox = null;
  }
  cache.set(key, bbox);
  return bbox;
}

export function insideBbox(b: Bbox, lat: number, long: number): boolean {
  return lat >= b.south && lat <= b.north && long >= b.west && long <= b.east;
}
