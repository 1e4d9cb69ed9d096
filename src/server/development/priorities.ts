// The ranked development priorities of one department and period, as the page and the plan draft
// read them: scope check, facts and contributions loaded, the gap score computed, names and the
// evidence behind each rank (complaint codes with links where the viewer may open them).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { config } from '../config.ts';
import { listCompetencies } from '../consultations/consultations.repository.ts';
import type { CompetencyKind } from '../consultations/consultations.tables.ts';
import { complaintSummaries, departmentNames, loadFacts } from '../metrics/metrics.repository.ts';
import { canonicalQuery, parseReportQuery, periodOf, type ReportQuery } from '../metrics/report-query.ts';
import { makePeriod, type Period } from '../metrics/period.ts';
import { computeGapScores, DEFAULT_WEIGHTS, type CompetencyGap, type GapResult } from './gap-score.ts';
import { complaintLink, developmentScope } from './development.policy.ts';
import { loadCategoryCompetencies, loadDepartmentContributions } from './development.repository.ts';
import { SKM_UNSUR_COMPETENCIES, weakMappedUnsur } from './skm-evidence.ts';
import { latestSkm, skmCounts } from '../surveys/skm.service.ts';
import type { Mutu, UnsurCode } from '../surveys/skm-reference.ts';

/** Evidence items listed under each rank (the counts always cover all of them). */
export const EVIDENCE_LIMIT = 20;

export interface CompetencyInfo {
  id: number;
  code: string;
  name_id: string;
  name_en: string;
  kind: CompetencyKind;
}

export interface RankedCompetency extends CompetencyGap {
  competency: CompetencyInfo;
  complaints: { code: string; href: string | null }[];
  contributions: { id: number; href: string; consultationTitle: string; endorsements: number }[];
}

/** The department's SKM for the period (skm.service latestSkm) and whether it is weighed. */
export interface PrioritiesSkm {
  surveyId: number;
  period: string | null;
  n: number;
  minimum: number | null;
  representative: boolean | null;
  /** Weighed: reached its minimum sample (and at least 5 responses); otherwise "belum representatif". */
  counted: boolean;
  converted: number | null;
  mutu: Mutu | null;
  /** Every mapped unsur with its converted value (null when not shown) and whether it is weak. */
  unsur: { code: UnsurCode; converted: number | null; mutu: Mutu | null; weak: boolean; competencies: CompetencyInfo[] }[];
}

export interface Priorities {
  department: { id: number; code: string; name: string; short_name: string };
  period: Period;
  skm: PrioritiesSkm | null;
  result: Omit<GapResult, 'ranked'>;
  ranked: RankedCompetency[];
}

type LinkOf = (c: { code: string; privacy: string; department_id: number | null }) => string | null;

/** Computes the ranking of one department over a period (no scope check: callers decide). */
export async function computePriorities(
  db: Db,
  department: Priorities['department'],
  period: Period,
  now: Date,
  linkOf: LinkOf = () => null,
): Promise<Priorities> {
  const range = { from: period.from.getTime(), to: period.to.getTime(), now: now.getTime() };
  const [facts, contributions, map, competencies, skmByDepartment] = await Promise.all([
    loadFacts(db, range, { departmentId: department.id }),
    loadDepartmentContributions(db, department.id, range),
    loadCategoryCompetencies(db),
    listCompetencies(db, { activeOnly: true }),
    latestSkm(db, [department.id], { start: period.startDate, end: period.endDate }),
  ]);
  const byId = new Map(
    competencies.map((c) => [Number(c.id), { id: Number(c.id), code: c.code, name_id: c.name_id, name_en: c.name_en, kind: c.kind }]),
  );
  const idByCode = new Map([...byId.values()].map((c) => [c.code, c.id]));
  const skmResult = skmByDepartment.get(department.id);
  const counted = skmResult ? skmCounts(skmResult) : false;
  const skmEvidence = skmResult && counted ? weakMappedUnsur(skmResult.index.unsur, idByCode) : [];
  const result = computeGapScores({
    ...range,
    complaints: facts,
    categoryCompetencies: map,
    contributions,
    skm: skmEvidence,
    weights: DEFAULT_WEIGHTS,
  });
  const skm: PrioritiesSkm | null = skmResult
    ? {
        surveyId: skmResult.survey.id,
        period: skmResult.survey.period,
        n: skmResult.index.n,
        minimum: skmResult.minimum,
        representative: skmResult.representative,
        counted,
        converted: skmResult.shown ? skmResult.index.converted : null,
        mutu: skmResult.shown ? skmResult.index.mutu : null,
        unsur: skmResult.index.unsur
          .filter((u) => SKM_UNSUR_COMPETENCIES[u.code])
          .map((u) => ({
            code: u.code,
            converted: skmResult.shown ? u.converted : null,
            mutu: skmResult.shown ? u.mutu : null,
            weak: skmEvidence.some((e) => e.code === u.code),
            competencies: SKM_UNSUR_COMPETENCIES[u.code]!.flatMap((c) => (idByCode.has(c) ? [byId.get(idByCode.get(c)!)!] : [])),
          })),
      }
    : null;
  const contributionById = new Map(contributions.map((c) => [c.id, c]));
  const ranked = result.ranked.filter((r) => byId.has(r.competencyId));
  const wanted = [...new Set(ranked.flatMap((r) => r.complaintIds.slice(0, EVIDENCE_LIMIT)))];
  const summaries = new Map((await complaintSummaries(db, wanted)).map((s) => [s.id, s]));
  const { ranked: _r, ...rest } = result;
  return {
    department,
    period,
    skm,
    result: rest,
    ranked: ranked.map((r) => ({
      ...r,
      competency: byId.get(r.competencyId)!,
      complaints: r.complaintIds.slice(0, EVIDENCE_LIMIT).flatMap((id) => {
        const s = summaries.get(id);
        return s ? [{ code: s.code, href: linkOf(s) }] : [];
      }),
      contributions: r.contributionIds.slice(0, EVIDENCE_LIMIT).map((id) => {
        const c = contributionById.get(id)!;
        return {
          id,
          href: `/consultations/${c.consultationId}#c-${id}`,
          consultationTitle: c.consultationTitle,
          endorsements: c.endorsements,
        };
      }),
    })),
  };
}

export interface PrioritiesPage {
  query: ReportQuery;
  base: Partial<ReportQuery>;
  departments: { code: string; name: string }[];
  /** Only managers are limited to one department. */
  scoped: boolean;
  priorities: Priorities;
}

/** The /reports/development page: null → 404 (no access, unknown or out-of-scope department). */
export async function prioritiesPage(db: Db, user: SessionUser | null, params: URLSearchParams, now: Date): Promise<PrioritiesPage | null> {
  const scope = developmentScope(user);
  if (!scope) return null;
  const p = new URLSearchParams(params);
  if (!p.get('period')) p.set('period', 'year');
  const query = parseReportQuery(p);
  const timeZone = config().timeZone;
  const period = periodOf(query, now, timeZone);
  const all = await departmentNames(db);
  const visible = all.filter((d) => !scope.departmentIds || scope.departmentIds.includes(d.id));
  const department = query.department ? visible.find((d) => d.code === query.department) : visible[0];
  if (!department) return null;
  const priorities = await computePriorities(db, department, period, now, (c) => complaintLink(user, c));
  return {
    query,
    base: { ...canonicalQuery(query, period), department: department.code },
    departments: visible.map((d) => ({ code: d.code, name: d.name })),
    scoped: scope.departmentIds !== undefined,
    priorities,
  };
}

/** The calendar year before a plan year: the evidence a plan for that year is drafted from. */
export function basisPeriod(planYear: number): Period {
  return makePeriod('year', `${planYear - 1}-01-01`, `${planYear - 1}-12-31`, config().timeZone);
}
