// The 20 JP right is per PNS (PP 11/2017 Pasal 203 ayat (4) jo. PP 17/2020): a plan passes only when every
// PNS it covers, by target group and named NIP, is planned at least 20 JP; an average never hides anyone.
import { describe, expect, it } from 'vitest';
import { checkPlanJp, parseNips } from '../../src/server/development/jp-entitlement.ts';

const NIP_A = '198501012010011001';
const NIP_B = '199002022015022002';
const all = (jp: number) => ({ jp, groupId: null, nips: [] as string[] });
const group = (groupId: number, jp: number) => ({ jp, groupId, nips: [] as string[] });
const named = (nips: string[], jp: number, groupId: number | null = null) => ({ jp, groupId, nips });
const rows = (c: ReturnType<typeof checkPlanJp>) => c.rows.map((r) => [r.kind, r.groupName, r.nip, r.headCount, r.jpPerPns, r.shortfall]);

describe('per-PNS 20 JP check', () => {
  it('refuses 12 officers × 200 JP in a 120-PNS plan, naming the 108 left with nothing', () => {
    const c = checkPlanJp([group(1, 200)], [{ id: 1, name: 'Pejabat fungsional teknis', headCount: 12 }], 120);
    // The old average (12 · 200 / 120 = 20 JP per officer) passed this plan.
    expect(c.totalJp / 120).toBe(20);
    expect(c.status).toBe('below');
    expect(c.pnsBelow).toBe(108);
    expect(c.below.map((r) => [r.kind, r.headCount, r.jpPerPns, r.shortfall])).toEqual([['rest', 108, 0, 20]]);
  });

  it('splits the department into named groups and the rest', () => {
    const groups = [
      { id: 1, name: 'Pejabat fungsional teknis', headCount: 98 },
      { id: 2, name: 'Pejabat struktural', headCount: 10 },
    ];
    const c = checkPlanJp([all(8), group(1, 12), group(2, 4)], groups, 120);
    expect(rows(c)).toEqual([
      ['group', 'Pejabat fungsional teknis', null, 98, 20, 0],
      ['group', 'Pejabat struktural', null, 10, 12, 8],
      ['rest', null, null, 12, 8, 12],
    ]);
    expect(c.pnsBelow).toBe(22);
    // Largest shortfall group first.
    expect(c.below.map((r) => r.groupName)).toEqual([null, 'Pejabat struktural']);
    expect(checkPlanJp([all(8), group(1, 12), group(2, 12)], groups, 120).pnsBelow).toBe(12);
    expect(checkPlanJp([all(20), group(1, 12)], groups, 120)).toMatchObject({ status: 'meets', pnsBelow: 0, totalJp: 120 * 20 + 98 * 12 });
  });

  it('a group with no item of its own gets only what everyone gets', () => {
    const c = checkPlanJp([all(20)], [{ id: 1, name: 'Kosong', headCount: 98 }], 120);
    expect(c.status).toBe('meets');
    expect(checkPlanJp([group(1, 20)], [{ id: 1, name: 'A', headCount: 98 }], 120).below).toMatchObject([
      { kind: 'rest', headCount: 22, jpPerPns: 0 },
    ]);
  });

  it('credits named NIPs only to those PNS, within their group or the rest', () => {
    // Rest of 2 PNS: both named with 20 JP → nobody below; a third unnamed would be.
    const groups = [{ id: 1, name: 'Fungsional', headCount: 8 }];
    const c = checkPlanJp([group(1, 20), named([NIP_A, NIP_B], 20)], groups, 10);
    expect(c.status).toBe('meets');
    expect(rows(c)).toEqual([
      ['group', 'Fungsional', null, 8, 20, 0],
      ['nip', null, NIP_A, 1, 20, 0],
      ['nip', null, NIP_B, 1, 20, 0],
    ]);
    const short = checkPlanJp([group(1, 20), named([NIP_A, NIP_B], 20)], groups, 11);
    expect(short.below.map((r) => [r.kind, r.headCount, r.jpPerPns])).toEqual([['rest', 1, 0]]);
    // Named within a group: the named member gets more, the group's other members stay where they were.
    const inGroup = checkPlanJp([all(12), named([NIP_A], 8, 1)], groups, 8);
    expect(rows(inGroup)).toEqual([
      ['group', 'Fungsional', null, 7, 12, 8],
      ['nip', 'Fungsional', NIP_A, 1, 20, 0],
    ]);
    expect(inGroup.pnsBelow).toBe(7);
    // Two items naming the same NIP add up; a NIP listed twice in one item counts once.
    expect(checkPlanJp([named([NIP_A, NIP_A], 10), named([NIP_A], 10)], [], 1)).toMatchObject({ status: 'meets', pnsBelow: 0 });
  });

  it('groups larger than the department, or no headcount, never pass', () => {
    const c = checkPlanJp([all(40)], [{ id: 1, name: 'A', headCount: 11 }], 10);
    expect(c.groupsExceed).toBe(true);
    expect(c.status).toBe('below');
    expect(checkPlanJp([all(40)], [], 0).status).toBe('unknown');
  });

  it('reads NIPs typed into a form', () => {
    expect(parseNips(`${NIP_A}, ${NIP_B}\n${NIP_A}`)).toEqual([NIP_A, NIP_B]);
    expect(parseNips('')).toEqual([]);
    expect(parseNips('12345')).toBeNull();
  });
});
