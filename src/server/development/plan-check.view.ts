// Texts of the per-PNS 20 JP check and of an item's target, shared by the plan page and its exports.
import type { Translate } from '../../i18n/index.ts';
import type { CoverageRow, JpCheck } from './jp-entitlement.ts';
import type { PlanGroupRow, PlanItemRow } from './development.repository.ts';

/** A group's label; the rest reads "seluruh PNS dinas" while the plan has no named group. */
export function groupLabel(r: { groupName: string | null }, hasGroups: boolean, t: Translate): string {
  return r.groupName ?? (hasGroups ? t('development.plan.restGroup') : t('development.plan.restAll'));
}

/** "98 PNS di kelompok … baru direncanakan 0 JP; kurang 20 JP", or the same for one named NIP. */
export function shortfallText(r: CoverageRow, hasGroups: boolean, t: Translate, num: (n: number) => string = String): string {
  const group = groupLabel(r, hasGroups, t);
  return r.kind === 'nip'
    ? t('development.plan.shortfallNip', { nip: r.nip!, group, jp: r.jpPerPns, shortfall: r.shortfall })
    : t('development.plan.shortfallLine', { n: num(r.headCount), group, jp: r.jpPerPns, shortfall: r.shortfall });
}

export function shortfallLines(jp: JpCheck, groups: readonly PlanGroupRow[], t: Translate): string[] {
  return jp.below.map((r) => shortfallText(r, groups.length > 0, t));
}

/**
 * Who an item reaches: everyone, a group, or named PNS. `withNips` lists the NIPs (the page); exports
 * give only their number, as a plan export names positions and counts, never an officer.
 */
export function itemTargetText(i: PlanItemRow, groups: readonly PlanGroupRow[], t: Translate, withNips: boolean): string {
  const nips = i.target_nips.split(' ').filter(Boolean);
  const where =
    i.target_group_id === null
      ? nips.length > 0
        ? t('development.plan.restGroup')
        : t('development.plan.targetAll')
      : (groups.find((g) => g.id === i.target_group_id)?.name ?? '');
  if (nips.length === 0) return where;
  return withNips
    ? `${where}: ${nips.map((n) => t('development.plan.targetNip', { nip: n })).join(', ')}`
    : `${where}: ${t('development.plan.namedCount', { n: nips.length })}`;
}
