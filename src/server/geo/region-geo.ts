// The loaded region's map geography at run time: its bounding box and the known point of each area,
// read once from db/reference/<region>/ (region-check has validated them before the region loaded).
// A region without area-points.csv still gets a map: the pin then fills latitude/longitude only.
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../reference/region-dir.ts';
import { insideBbox, parseAreaPoints, type AreaPoint, type Bbox } from '../reference/area-points.ts';
import { regionSchema } from '../reference/reference.schema.ts';

export interface RegionGeo {
  bbox: Bbox | null;
  /** Known points of kelurahan/desa (four-part codes); kecamatan follow from the code. */
  kelurahanPoints: AreaPoint[];
  /** Known points of kecamatan, for a map centred on one. */
  kecamatanPoints: AreaPoint[];
}

const cache = new Map<string, RegionGeo>();

export function regionGeo(region: string, dir = REFERENCE_DIR): RegionGeo {
  const key = `${dir}\0${region}`;
  let geo = cache.get(key);
  if (!geo) {
    const folder = path.join(dir, region);
    let bbox: Bbox | null = null;
    try {
      bbox = regionSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, 'region.json'), 'utf8'))).bbox ?? null;
    } catch {
      bbox = null;
    }
    const points = (parseAreaPoints(folder) ?? []).map(({ code, lat, lng }) => ({ code, lat, lng }));
    geo = {
      bbox,
      kelurahanPoints: points.filter((p) => p.code.split('.').length === 4),
      kecamatanPoints: points.filter((p) => p.code.split('.').length === 3),
    };
    cache.set(key, geo);
  }
  return geo;
}

/** Whether a point may be a complaint's: inside the region's box, or anywhere when it has none. */
export function pointInRegion(geo: RegionGeo, lat: number, lng: number): boolean {
  return geo.bbox === null || insideBbox(geo.bbox, lat, lng);
}

/**
 * The kelurahan whose known point is nearest (and its kecamatan, from the code); null outside the box
 * or without points. Nearest centroid, not a boundary test: the form shows the choice to correct.
 */
export function nearestKelurahan(geo: RegionGeo, lat: number, lng: number): { kecamatan: string; kelurahan: string } | null {
  if (geo.bbox === null || !insideBbox(geo.bbox, lat, lng)) return null;
  const cos = Math.cos((lat * Math.PI) / 180);
  let best: AreaPoint | null = null;
  let bestD = Infinity;
  for (const p of geo.kelurahanPoints) {
    const d = (p.lat - lat) ** 2 + ((p.lng - lng) * cos) ** 2;
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best ? { kelurahan: best.code, kecamatan: best.code.split('.').slice(0, 3).join('.') } : null;
}
