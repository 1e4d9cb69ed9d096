// Which resolutions wait for a check before the resident is asked to confirm: those the
// integrity signals flag (DESIGN.md §5: within minutes of assignment, no public response before it; and a
// missing "after" photo, or a reported point far from the complaint's) plus a deterministic sample of the
// rest. Pure: the same seed and resolution always give the same draw, so an audit can replay the sample.
import { createHash } from 'node:crypto';
import { FAST_MINUTES, RESPONSE_GAP_MINUTES } from '../appraisal/integrity.ts';

/** Share of unflagged resolutions drawn for a check when the admin has set none (setting resolution_check_share). */
export const DEFAULT_CHECK_SHARE = 0.1;
/** Unchecked resolutions are accepted automatically after this many working days. */
export const CHECK_LIMIT_WORKING_DAYS = 3;
export const DEFAULT_CHECK_SEED = 'suarawarga';

export type CheckReason = 'fast' | 'no_response' | 'no_photo' | 'far' | 'sample';

const MINUTE = 60_000;

/** A uniform draw in [0, 1) from the seed and the resolution (complaint code and resolution time). */
export function sampleDraw(seed: string, code: string, resolvedAt: number): number {
  return createHash('sha256').update(`${seed}\u0000${code}\u0000${resolvedAt}`).digest().readUInt32BE(0) / 2 ** 32;
}

export interface Point {
  lat: number;
  lon: number;
}

/** Great-circle distance in metres (haversine on the mean Earth radius, 6,371,008.8 m: IUGG). */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface ResolutionFacts {
  code: string;
  assignedAt: number | null;
  firstResponseAt: number | null;
  resolvedAt: number;
  /** "After" photos with the resolution, and the resident's photos of the problem. */
  photos: number;
  reportPhotos: number;
  /** The complaint's point and the point reported with the resolution, when known. */
  complaintPoint: Point | null;
  reportedPoint: Point | null;
  maxDistanceM: number | null;
}

/** Why this resolution waits for a check (empty: it does not). */
export function checkReasons(r: ResolutionFacts, opts: { share: number; seed: string }): CheckReason[] {
  const out: CheckReason[] = [];
  if (r.assignedAt !== null && r.resolvedAt - r.assignedAt <= FAST_MINUTES * MINUTE) out.push('fast');
  if (r.firstResponseAt === null || r.firstResponseAt > r.resolvedAt - RESPONSE_GAP_MINUTES * MINUTE) out.push('no_response');
  // The resident showed the problem; a resolution that shows nothing of the fix is worth a look.
  if (r.photos === 0 && r.reportPhotos > 0) out.push('no_photo');
  if (r.maxDistanceM !== null && r.complaintPoint && r.reportedPoint && distanceMetres(r.complaintPoint, r.reportedPoint) > r.maxDistanceM)
    out.push('far');
  if (out.length === 0 && sampleDraw(opts.seed, r.code, r.resolvedAt) < opts.share) out.push('sample');
  return out;
}

/** The setting's share, or the default when missing or out of 0..1. */
export function parseShare(v: string | undefined): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n >= 0 && n <= 1 ? n : DEFAULT_CHECK_SHARE;
}
