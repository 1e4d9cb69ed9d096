// The /track lookup limit is counted in memory per client address (track.service.ts): the 31st lookup
// from one address within the window is refused, another address is not affected.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index.ts';
import { trackComplaint } from '../../src/server/complaints/track.service.ts';
import { TRACK_LIMIT } from '../../src/server/limits.ts';

// Codes that are not codes never reach the database: the limit is all this test exercises.
const noDb = {} as Db;

describe('track lookup limit', () => {
  it('refuses lookups past the limit per address, without touching the database', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < TRACK_LIMIT.points; i++) expect((await trackComplaint(noDb, { code: 'nope' }, ip)).kind).toBe('invalid');
    const over = await trackComplaint(noDb, { code: 'nope' }, ip);
    expect(over).toEqual({ kind: 'rate_limited', minutes: 10 });
    expect((await trackComplaint(noDb, { code: 'nope' }, '198.51.100.8')).kind).toBe('invalid');
  });
});
