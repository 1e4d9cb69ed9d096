// The complaint form's location step without JavaScript: the "Pilih kecamatan" button, or a point typed
// (or dropped) without a kelurahan, re-renders the form — everything typed kept — with the kelurahan
// list narrowed to the kecamatan, or the kecamatan and kelurahan pre-selected from the point, instead
// of filing it. The resident checks the choice and sends again.
import { nearestKelurahan, pointInRegion, type RegionGeo } from './region-geo.ts';

/** What the re-rendered form tells the resident about the location. */
export type Located = 'narrowed' | 'narrowedKota' | 'point' | 'pointOnly' | 'outside';

export interface LocationStep {
  /** Values to replace in what was typed (the pre-selected areas). */
  values: Record<string, string>;
  located: Located | null;
}

export const STEP_FIELD = 'location_step';

function coordinate(v: string | undefined, min: number, max: number): number | null {
  if (!v || !v.trim()) return null;
  const n = Number(v.trim().replace(',', '.'));
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Null when this POST is a plain submission to be validated and filed. */
export function locationStep(values: Record<string, string | undefined>, geo: RegionGeo): LocationStep | null {
  // A region with a kota level (Jakarta): "Pilih kota" narrows the kecamatan and kelurahan lists to the
  // kota; a kecamatan or kelurahan of another kota would vanish from them, so it is cleared.
  if (values[STEP_FIELD] === 'kota') {
    const kota = values.kota ?? '';
    const inKota = (code: string | undefined) => !code || !kota || code.startsWith(`${kota}.`);
    const cleared: Record<string, string> = {};
    if (!inKota(values.kecamatan)) cleared.kecamatan = '';
    if (!inKota(values.kelurahan)) cleared.kelurahan = '';
    return { values: cleared, located: kota ? 'narrowedKota' : null };
  }
  const asked = values[STEP_FIELD] === 'kecamatan';
  const lat = coordinate(values.latitude, -90, 90);
  const lng = coordinate(values.longitude, -180, 180);
  if (lat !== null && lng !== null && !values.kelurahan) {
    if (!pointInRegion(geo, lat, lng)) return { values: {}, located: 'outside' };
    const near = nearestKelurahan(geo, lat, lng);
    if (near) return { values: near, located: 'point' };
    if (asked) return { values: {}, located: 'pointOnly' };
  }
  if (!asked) return null;
  // A kelurahan of another kecamatan would vanish from the narrowed list: cleared, to be chosen again.
  const stale = values.kecamatan && values.kelurahan && !values.kelurahan.startsWith(`${values.kecamatan}.`);
  // With a kota level, the kota follows the kecamatan chosen.
  const out: Record<string, string> = stale ? { kelurahan: '' } : {};
  if (values.kota !== undefined && values.kecamatan) out.kota = values.kecamatan.split('.').slice(0, 2).join('.');
  return { values: out, located: values.kecamatan ? 'narrowed' : null };
}
