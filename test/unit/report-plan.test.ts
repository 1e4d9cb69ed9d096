// The report summary's two pure steps: which sources serve a request (planSources: the month rollup,
// the stored durations, the complaints) and how the waiting complaints' rows change the stored cells a
// request reads (overlayCells), so a report is exact without writing.
import { describe, expect, it } from 'vitest';
import { planSources } from '../../src/server/metrics/report-summary.ts';
import { overlayCells, type CellChange } from '../../src/server/metrics/stored-durations.ts';
import type { DurationCell } from '../../src/server/metrics/durations.repository.ts';
import { cellKey, groupKeysOf, NO_GROUP_ID } from '../../src/server/metrics/group-keys.ts';

const at = (iso: string) => new Date(`${iso}T00:00:00+07:00`).getTime();
const now = new Date('2026-11-18T14:30:00+07:00').getTime();
const october = { from: at('2026-10-01'), to: at('2026-11-01'), now };
const november = { from: at('2026-11-01'), to: at('2026-12-01'), now };

describe('planSources', () => {
  it('reads a period of part months from the complaints', () => {
    expect(planSources(null, false, { from: at('2026-10-10'), to: at('2026-10-20'), now })).toEqual({
      counts: 'complaints',
      durations: 'complaints',
      backlog: 'complaints',
      reopen: 'history',
      reopenedCandidates: true,
    });
  });

  it('reads whole months from the rollup, and the durations from the complaints while the stored ones cannot serve', () => {
    expect(planSources([202610], false, october)).toEqual({
      counts: 'month-rollup',
      durations: 'complaints',
      backlog: 'complaints',
      reopen: 'history',
      reopenedCandidates: true,
    });
  });

  it('reads a past month from the stored cells, its backlog from the month end it reaches', () => {
    expect(planSources([202610], { backlogThrough: at('2026-11-01') }, october)).toEqual({
      counts: 'month-rollup',
      durations: 'stored',
      backlog: 'month-end',
      reopen: 'stored',
      reopenedCandidates: false,
    });
  });

  it('reads the backlog from the open cells while the month end is not stored yet, or the month still runs', () => {
    for (const [range, month, backlogThrough] of [
      [october, 202610, at('2026-10-01')],
      [november, 202611, at('2026-11-01')],
    ] as const) {
      expect(planSources([month], { backlogThrough }, range)).toEqual({
        counts: 'month-rollup',
        durations: 'stored',
        backlog: 'open-cells',
        reopen: 'stored',
        reopenedCandidates: true,
      });
    }
  });

  it('reads the reopen cohort of several months from the histories (each complaint once)', () => {
    const quarter = { from: at('2026-08-01'), to: at('2026-11-01'), now };
    expect(planSources([202608, 202609, 202610], { backlogThrough: at('2026-11-01') }, quarter)).toMatchObject({
      durations: 'stored',
      backlog: 'month-end',
      reopen: 'history',
    });
  });
});

describe('overlayCells', () => {
  const cell = { department_id: 3, category_id: 7, kecamatan_code: '16.71.01', assignee_user_id: NO_GROUP_ID };
  const other = { ...cell, category_id: 8 };
  const stored = (c: typeof cell, values: number[], rows = values.length, flagged = 0, month = 202610): DurationCell => ({
    keys: groupKeysOf(c),
    key: cellKey(c),
    month,
    rows,
    flagged,
    values: Float64Array.from(values),
  });
  const change = (c: typeof cell, p: Partial<CellChange>): [string, CellChange] => [
    `verification|${p.month ?? 202610}|${cellKey(c)}`,
    { cohort: 'verification', month: 202610, cell: c, rows: 0, flagged: 0, remove: [], add: [], ...p },
  ];

  it('takes a waiting complaint out of its old cell and puts it into its new one, ascending', () => {
    const changes = new Map([change(cell, { rows: -1, flagged: -1, remove: [2] }), change(other, { rows: 1, flagged: 1, add: [1.5] })]);
    const out = overlayCells([stored(cell, [1, 2, 2, 5], 5, 1), stored(other, [0.5, 3])], 'verification', [202610], changes);
    expect(out.map((x) => [x.key, x.rows, x.flagged, [...x.values]])).toEqual([
      [cellKey(cell), 4, 0, [1, 2, 5]],
      [cellKey(other), 3, 1, [0.5, 1.5, 3]],
    ]);
    expect(out[0]!.keys).toEqual({ department: 3, category: 7, kecamatan: '16.71.01', officer: null });
  });

  it('drops a cell left empty and adds a new one, only for the cohort and months asked for', () => {
    const changes = new Map([
      change(cell, { rows: -1, remove: [4] }),
      change(other, { rows: 1, add: [2] }),
      change(other, { month: 202609, rows: 1, add: [9] }),
    ]);
    expect(overlayCells([stored(cell, [4])], 'verification', [202610], changes).map((x) => [x.key, [...x.values]])).toEqual([
      [cellKey(other), [2]],
    ]);
    expect(overlayCells([stored(cell, [4])], 'resolution', [202610], changes)).toHaveLength(1);
  });
});
