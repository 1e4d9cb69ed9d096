// Where region folders live, and the one fact the configuration needs from a region before anything
// else runs: its time zone. Kept in this folder so the relative path is the same from src/ and from
// the built chunks (dist/server/chunks/), which sit at the same depth.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TIME_ZONE_REGIONS } from './reference.schema.ts';

export const REFERENCE_DIR = fileURLToPath(new URL('../../../db/reference', import.meta.url));

export type TimeZoneRegion = (typeof TIME_ZONE_REGIONS)[number];

/** The time_zone of db/reference/<region>/region.json; undefined when it cannot be read (region-check says why). */
export function regionTimeZone(region: string, dir = REFERENCE_DIR): TimeZoneRegion | undefined {
  try {
    const zone = (JSON.parse(fs.readFileSync(path.join(dir, region, 'region.json'), 'utf8')) as { time_zone?: unknown }).time_zone;
    return TIME_ZONE_REGIONS.find((z) => z === zone);
  } catch {
    return undefined;
  }
}
