// Distances on the Earth for the nearby search: a bounding box the database can filter on (plain
// comparisons, the same on SQLite and PostgreSQL), then the exact great-circle distance in JavaScript.

/** Mean Earth radius in metres (IUGG), the usual constant for the haversine formula. */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

export interface Point {
  lat: number;
  lon: number;
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box that contains every point within `metres` of `p` (a little larger; the exact check follows). */
export function boundingBox(p: Point, metres: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  // Near the poles a degree of longitude shrinks to nothing: cap the cosine so the box stays finite.
  const dLon = dLat / Math.max(Math.cos(rad(p.lat)), 0.01);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLon: p.lon - dLon, maxLon: p.lon + dLon };
}
