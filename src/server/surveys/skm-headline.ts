// The SKM figure in /reports' headline: the latest SKM of each department in scope for the
// report's period (latestSkm), counted only when it reaches its minimum sample.
//
// One department in scope (a manager, or HR/admin filtering one department): that department's index
// and mutu. Several: NOT a pooled or n-weighted index — DESIGN.md §9 (PermenPANRB 14/2017) defines the
// index per service unit, from that unit's respondents and minimum sample, and a mean across units with
// different populations is no SKM index. The headline shows the lowest representative department's
// index (the unit to look at first) with how many departments are representative; the per-department
// table below and /statistics/skm show each.
import type { Db } from '../db/index.ts';
import type { Mutu } from './skm-reference.ts';
import { latestSkm, skmCounts } from './skm.service.ts';

export interface SkmHeadline {
  /** One department in scope. */
  single: boolean;
  /** Departments in scope with an SKM for the period. */
  total: number;
  /** Of those, how many reached their minimum sample. */
  counted: number;
  /** The one department's counted result, or the lowest counted one of several; null when none counts. */
  shown: { code: string; name: string; period: string | null; converted: number; mutu: Mutu; n: number } | null;
}

export async function skmHeadline(
  db: Db,
  departmentIds: readonly number[] | undefined,
  period: { start: string; end: string },
): Promise<SkmHeadline> {
  const results = [...(await latestSkm(db, departmentIds ? [...departmentIds] : undefined, period)).values()];
  const counted = results.filter(skmCounts);
  const lowest = counted.sort(
    (a, b) => a.index.converted! - b.index.converted! || (a.survey.department_code ?? '').localeCompare(b.survey.department_code ?? ''),
  )[0];
  return {
    single: departmentIds?.length === 1,
    total: results.length,
    counted: counted.length,
    shown: lowest
      ? {
          code: lowest.survey.department_code ?? '',
          name: lowest.survey.department_name ?? '',
          period: lowest.survey.period,
          converted: lowest.index.converted!,
          mutu: lowest.index.mutu!,
          n: lowest.index.n,
        }
      : null,
  };
}
