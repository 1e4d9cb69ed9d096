import { describe, expect, it } from 'vitest';
import { fromDbBool, fromDbTime, isIsoDate, toDbBool, toDbTime } from '../../src/server/db/values.ts';

describe('portable values', () => {
  it('stores times as epoch milliseconds and reads them back exactly', () => {
    const d = new Date('2026-11-22T07:30:15.123Z');
    expect(toDbTime(d)).toBe(1795332615123);
    expect(fromDbTime(toDbTime(d))).toEqual(d);
    expect(toDbTime('2026-01-01T00:00:00+07:00')).toBe(Date.parse('2025-12-31T17:00:00Z'));
  });

  it('accepts what PostgreSQL drivers may return for BIGINT', () => {
    expect(fromDbTime('1795332615123')).toEqual(new Date(1795332615123));
    expect(fromDbTime(1795332615123n)).toEqual(new Date(1795332615123));
    expect(fromDbTime(null)).toBeNull();
  });

  it('refuses values that are not times', () => {
    expect(() => toDbTime('yesterday')).toThrow(RangeError);
    expect(() => fromDbTime('abc')).toThrow(RangeError);
  });

  it('stores booleans as 0/1 and reads every dialect form', () => {
    expect(toDbBool(true)).toBe(1);
    expect(toDbBool(false)).toBe(0);
    for (const v of [1, true, '1', 't', 'true', 1n]) expect(fromDbBool(v)).toBe(true);
    for (const v of [0, false, '0', 'f', null, undefined, 2]) expect(fromDbBool(v)).toBe(false);
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });
});
