// "Pengaduan serupa di sekitar": while a resident files, open complaints of the same category in the
// same kelurahan or within a short distance of the given point, filed in the last 30 days, so they can
// support one ("Dukung") instead of filing a duplicate. Public fields only; confidential ones never.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fromDbTime } from '../db/values.ts';
import type { ComplaintState } from '../complaints/complaint-states.ts';
import { boundingBox, distanceMetres, type Point } from './geo.ts';
import { countSupportersByCode, listNearbyCandidates } from './supporters.repository.ts';

export const NEARBY_WINDOW_DAYS = 30;
export const NEARBY_LIMIT = 5;

const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => {
      if (!v) return undefined;
      const n = Number(v.replace(',', '.'));
      return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
    });

/** What the form says so far; anything malformed is treated as not given (this only searches). */
const inputSchema = z.object({
  category: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
  kelurahan: z
    .string()
    .max(20)
    .regex(/^[0-9.]+$/)
    .optional()
    .catch(undefined),
  latitude: coordinate(-90, 90).catch(undefined),
  longitude: coordinate(-180, 180).catch(undefined),
});

export interface NearbyInput {
  category?: string;
  kelurahan?: string;
  point?: Point;
}

export function parseNearbyInput(fields: Record<string, unknown>): NearbyInput {
  const pick = (k: string) => (typeof fields[k] === 'string' && fields[k] !== '' ? fields[k] : undefined);
  const v = inputSchema.parse({
    category: pick('category'),
    kelurahan: pick('kelurahan'),
    latitude: pick('latitude'),
    longitude: pick('longitude'),
  });
  const point = v.latitude !== undefined && v.longitude !== undefined ? { lat: v.latitude, lon: v.longitude } : undefined;
  return { category: v.category, kelurahan: v.kelurahan, point };
}

/** Enough is known to search: a category, and a kelurahan or a point. */
export function canSearchNearby(input: NearbyInput): boolean {
  return !!input.category && (!!input.kelurahan || !!input.point);
}

export interface NearbyComplaint {
  code: string;
  title: string;
  state: ComplaintState;
  submittedAt: Date;
  place: string;
  /** Metres from the given point, when both have coordinates. */
  distanceM: number | null;
  sameKelurahan: boolean;
  supporters: number;
}

export async function findNearbyComplaints(
  db: Kysely<Database>,
  input: NearbyInput,
  opts: { now: Date; radiusM: number },
): Promise<NearbyComplaint[]> {
  if (!canSearchNearby(input)) return [];
  const rows = await listNearbyCandidates(db, {
    categoryCode: input.category!,
    kelurahanCode: input.kelurahan ?? null,
    box: input.point ? boundingBox(input.point, opts.radiusM) : null,
    since: opts.now.getTime() - NEARBY_WINDOW_DAYS * 24 * 60 * 60 * 1000,
    // The box is a square around a circle: fetch more than shown, the exact distance trims it.
    limit: NEARBY_LIMIT * 8,
  });
  const found = rows
    .map((r) => {
      const there = r.latitude !== null && r.longitude !== null ? { lat: Number(r.latitude), lon: Number(r.longitude) } : null;
      const distanceM = input.point && there ? Math.round(distanceMetres(input.point, there)) : null;
      const sameKelurahan = !!input.kelurahan && r.kelurahan_code === input.kelurahan;
      return { r, distanceM, sameKelurahan };
    })
    .filter((x) => x.sameKelurahan || (x.distanceM !== null && x.distanceM <= opts.radiusM))
    // Nearest first (those with a distance), then the rest of the kelurahan, newest first (query order).
    .sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity))
    .slice(0, NEARBY_LIMIT);
  const counts = await countSupportersByCode(
    db,
    found.map((x) => x.r.code),
  );
  return found.map(({ r, distanceM, sameKelurahan }) => ({
    code: r.code,
    title: r.title,
    state: r.state,
    submittedAt: fromDbTime(r.submitted_at),
    place: [r.kelurahan_name, r.kecamatan_name].filter(Boolean).join(', '),
    distanceM,
    sameKelurahan,
    supporters: counts.get(r.code) ?? 0,
  }));
}
