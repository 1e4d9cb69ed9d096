// The public complaint map's data: GeoJSON features of public complaints with a point — code, title,
// state, category, kecamatan, point and link; never a reporter field, never a confidential complaint or
// spam (the public list's own rules, complaints.repository.ts publicListQuery).
import type { Db } from '../db/index.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';
import type { PublicListQuery } from '../complaints/public-list.ts';
import { listPublicComplaintPoints } from './complaint-map.repository.ts';

/** The most pins one answer carries (newest first); the page says when more exist. */
export const MAP_LIMIT = 500;

export interface MapComplaint {
  code: string;
  title: string;
  state: ComplaintState;
  category: string;
  categoryName: string;
  kecamatan: string;
  kecamatanName: string;
  lat: number;
  lng: number;
}

export async function publicComplaintPoints(
  db: Db,
  q: Pick<PublicListQuery, 'category' | 'kecamatan' | 'state'> & { kota?: string },
  locale: Locale,
) {
  const rows = await listPublicComplaintPoints(
    db,
    { category: q.category, kota: q.kota, kecamatan: q.kecamatan, state: q.state },
    MAP_LIMIT + 1,
  );
  const items: MapComplaint[] = rows.slice(0, MAP_LIMIT).map((r) => ({
    code: r.code,
    title: r.title,
    state: r.state,
    category: r.category_code,
    categoryName: localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', locale),
    kecamatan: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    lat: Number(r.latitude),
    lng: Number(r.longitude),
  }));
  return { items, truncated: rows.length > MAP_LIMIT };
}

/** A GeoJSON FeatureCollection (RFC 7946: longitude first) with absolute links from PUBLIC_URL. */
export function toGeoJson(items: MapComplaint[], siteUrl: string, stateName: (s: ComplaintState) => string) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map((c) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [c.lng, c.lat] },
      properties: {
        code: c.code,
        title: c.title,
        state: c.state,
        state_name: stateName(c.state),
        category: c.category,
        category_name: c.categoryName,
        kecamatan: c.kecamatan,
        kecamatan_name: c.kecamatanName,
        url: `${siteUrl}/complaints/${encodeURIComponent(c.code)}`,
      },
    })),
  };
}
