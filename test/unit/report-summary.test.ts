// The backlog bucket edges of the report summary: counting "submitted at or after the edge" in SQL
// puts every complaint in the same age bucket as backlogBucket(clock.between(submitted, t)).
import { describe, expect, it } from 'vitest';
import { backlogThresholds } from '../../src/server/metrics/report-summary.ts';
import { workingClock } from '../../src/server/metrics/working-time.ts';
import { backlogBucket, BACKLOG_BUCKETS } from '../../src/server/metrics/stats.ts';

const DAY = 86_400_000;
const cal = { timeZone: 'Asia/Jakarta', holidays: new Set(['2026-08-17', '2026-09-05', '2026-10-20', '2026-12-25']) };

describe('backlog bucket edges', () => {
  for (const end of ['2026-09-01T00:00:00+07:00', '2026-11-18T14:30:00.123+07:00', '2026-12-28T09:00:00+07:00']) {
    it(`agree with backlogBucket at ${end}`, () => {
      const t = new Date(end).getTime();
      const clock = workingClock(cal, t - 500 * DAY, t);
      const edges = backlogThresholds(clock, t, t - 400 * DAY);
      const viaEdges = (s: number) => BACKLOG_BUCKETS[s >= edges[0] ? 0 : s >= edges[1] ? 1 : s >= edges[2] ? 2 : 3]!.key;
      // Each edge is the first instant of its bucket: one millisecond earlier is older.
      for (const e of edges) {
        expect(viaEdges(e)).toBe(backlogBucket(clock.between(e, t)));
        expect(viaEdges(e - 1)).toBe(backlogBucket(clock.between(e - 1, t)));
        expect(viaEdges(e - 1)).not.toBe(viaEdges(e));
      }
      let seed = 3;
      const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      for (let i = 0; i < 20_000; i++) {
        const s = t - 1 - Math.floor(rnd() * 90 * DAY);
        expect(viaEdges(s)).toBe(backlogBucket(clock.between(s, t)));
      }
    });
  }
});
