// Distances for the nearby search: the haversine distance against known values, and the search box
// always containing the circle it stands for.
import { describe, expect, it } from 'vitest';
import { boundingBox, distanceMetres } from '../../src/server/supporters/geo.ts';

describe('distanceMetres', () => {
  it('is 0 for one point and about 111.2 km per degree of latitude', () => {
    expect(distanceMetres({ lat: -2.97, lon: 104.77 }, { lat: -2.97, lon: 104.77 })).toBe(0);
    expect(distanceMetres({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111_195, -1);
    // At the equator a degree of longitude is as long; at 60° half as long.
    expect(distanceMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111_195, -1);
    expect(distanceMetres({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(55_597, -2);
  });
});

describe('boundingBox', () => {
  it('contains every point at the radius, in all directions', () => {
    const p = { lat: -2.9761, lon: 104.7754 };
    const box = boundingBox(p, 250);
    for (let deg = 0; deg < 360; deg += 15) {
      const a = (deg * Math.PI) / 180;
      // Walk out to the last point still within 250 m, then check it is inside the box.
      let k = 0;
      let q = p;
      for (;;) {
        const next = { lat: p.lat + (k + 1e-6) * Math.cos(a), lon: p.lon + (k + 1e-6) * Math.sin(a) };
        if (distanceMetres(p, next) > 250) break;
        k += 1e-6;
        q = next;
      }
      expect(distanceMetres(p, q)).toBeGreaterThan(249.8);
      expect(q.lat >= box.minLat && q.lat <= box.maxLat && q.lon >= box.minLon && q.lon <= box.maxLon, `bearing ${deg}°`).toBe(true);
    }
  });
});
