// The 20 JP check and the suggested training of a draft plan, pure. PP 11/2017 Pasal 203 ayat (4)
// gives every PNS competency development of at least 20 jam pelajaran (JP) a year, so the check is per
// PNS, never an average: 12 officers with 200 JP each do not make up for 108 colleagues with none.
// A plan splits its department's PNS (officer_count) into named target groups with head counts; the
// rest are those in no named group. An item reaches everyone, one group, or named PNS (NIPs) within a
// group or within the rest. Each PNS gets the JP of every item that reaches them.
import type { CompetencyKind } from '../consultations/consultations.tables.ts';
import type { Jalur } from './development.tables.ts';

export const JP_PER_YEAR = 20;

export interface TargetGroup {
  id: number;
  name: string;
  headCount: number;
}

export interface ItemTarget {
  jp: number;
  /** null: everyone (without NIPs) or the rest (with NIPs). */
  groupId: number | null;
  /** Named PNS; empty = the whole group, or everyone. */
  nips: readonly string[];
}

/** PNS of one kind in the plan's coverage who are planned the same JP. */
export interface CoverageRow {
  kind: 'group' | 'rest' | 'nip';
  /** The named group (kind group, or the group a NIP was named in); null for the rest. */
  groupId: number | null;
  groupName: string | null;
  nip: string | null;
  /** How many PNS this row stands for. */
  headCount: number;
  /** JP planned for each of them. */
  jpPerPns: number;
  /** JP each of them still lacks to 20 (0 when met). */
  shortfall: number;
}

export interface JpCheck {
  officerCount: number;
  rows: CoverageRow[];
  /** The rows below 20 JP, largest group first: what blocks finalising. */
  below: CoverageRow[];
  /** PNS planned fewer than 20 JP. */
  pnsBelow: number;
  /** Σ JP over every PNS covered (JP-pegawai), for the record. */
  totalJp: number;
  /** The named groups hold more PNS than the plan's officer count. */
  groupsExceed: boolean;
  status: 'unknown' | 'below' | 'meets';
}

/**
 * Each PNS the plan covers and the JP planned for them, by target group: per group (and the rest) the
 * PNS not named in any item get the JP of the items for everyone plus those for their group; a PNS named
 * by NIP gets that plus the items naming them.
 */
export function checkPlanJp(items: readonly ItemTarget[], groups: readonly TargetGroup[], officerCount: number): JpCheck {
  const everyone = items.filter((i) => i.groupId === null && i.nips.length === 0).reduce((n, i) => n + i.jp, 0);
  const grouped = groups.reduce((n, g) => n + g.headCount, 0);
  const parts: { groupId: number | null; groupName: string | null; headCount: number }[] = [
    ...groups.map((g) => ({ groupId: g.id, groupName: g.name, headCount: g.headCount })),
    { groupId: null, groupName: null, headCount: Math.max(0, officerCount - grouped) },
  ];
  const rows: CoverageRow[] = [];
  for (const part of parts) {
    const base =
      everyone +
      items.filter((i) => part.groupId !== null && i.groupId === part.groupId && i.nips.length === 0).reduce((n, i) => n + i.jp, 0);
    const named = new Map<string, number>();
    for (const i of items)
      if (i.nips.length > 0 && i.groupId === part.groupId) for (const nip of new Set(i.nips)) named.set(nip, (named.get(nip) ?? 0) + i.jp);
    const unnamed = Math.max(0, part.headCount - named.size);
    if (unnamed > 0) {
      rows.push({
        kind: part.groupId === null ? 'rest' : 'group',
        groupId: part.groupId,
        groupName: part.groupName,
        nip: null,
        headCount: unnamed,
        jpPerPns: base,
        shortfall: Math.max(0, JP_PER_YEAR - base),
      });
    }
    for (const [nip, extra] of [...named].sort((a, b) => a[0].localeCompare(b[0]))) {
      const jp = base + extra;
      rows.push({
        kind: 'nip',
        groupId: part.groupId,
        groupName: part.groupName,
        nip,
        headCount: 1,
        jpPerPns: jp,
        shortfall: Math.max(0, JP_PER_YEAR - jp),
      });
    }
  }
  const below = rows
    .filter((r) => r.headCount > 0 && r.shortfall > 0)
    .sort((a, b) => b.headCount - a.headCount || b.shortfall - a.shortfall);
  const pnsBelow = below.reduce((n, r) => n + r.headCount, 0);
  const totalJp = rows.reduce((n, r) => n + r.headCount * r.jpPerPns, 0);
  const status = officerCount <= 0 ? 'unknown' : pnsBelow > 0 || grouped > officerCount ? 'below' : 'meets';
  return { officerCount, rows, below, pnsBelow, totalJp, groupsExceed: grouped > officerCount, status };
}

/** NIPs typed into a form: 18 digits each, separated by spaces, commas or new lines; null when one is not a NIP. */
export function parseNips(text: string): string[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{18}$/.test(p))) return null;
  return [...new Set(parts)];
}

/** Splits `total` JP over scores by largest remainder: integers, each ≥ 1, summing to total. */
export function splitJp(scores: readonly number[], total = JP_PER_YEAR): number[] {
  if (scores.length === 0) return [];
  const n = Math.min(scores.length, total);
  const s = scores.slice(0, n);
  const sum = s.reduce((a, b) => a + b, 0);
  const spare = total - n;
  const exact = s.map((x) => (sum > 0 ? (x / sum) * spare : spare / n));
  const out = exact.map((x) => 1 + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]] = out[order[k]![1]]! + 1;
  return out;
}

export interface SuggestedItem {
  competencyId: number;
  kind: CompetencyKind;
  jalur: Jalur;
  bentuk: string;
  jp: number;
  score: number;
}

/**
 * The draft's items: the top competencies (score > 0, at most `top`), sharing 20 JP per officer in
 * proportion to their scores. Technical competencies go to classroom bimbingan teknis, managerial to
 * coaching and socio-cultural to e-learning (non-classroom): a starting point HR edits.
 */
export function suggestTraining(
  ranked: readonly { competencyId: number; score: number }[],
  kinds: ReadonlyMap<number, CompetencyKind>,
  top = 3,
): SuggestedItem[] {
  const chosen = ranked.filter((r) => r.score > 0 && kinds.has(r.competencyId)).slice(0, top);
  const jps = splitJp(chosen.map((r) => r.score));
  return chosen.map((r, i) => {
    const kind = kinds.get(r.competencyId)!;
    const [jalur, bentuk]: [Jalur, string] =
      kind === 'teknis'
        ? ['klasikal', 'bimbingan_teknis']
        : kind === 'manajerial'
          ? ['nonklasikal', 'coaching']
          : ['nonklasikal', 'e_learning'];
    return { competencyId: r.competencyId, kind, jalur, bentuk, jp: jps[i]!, score: r.score };
  });
}
