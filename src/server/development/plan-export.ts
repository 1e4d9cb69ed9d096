// The ranking and the training plan as export tables. The plan with the contents Pasal 207 ayat (3) PP 11/2017 jo. PP 17/2020
// lists for the kebutuhan dan rencana pengembangan kompetensi: (a) jenis kompetensi, (b) target PNS,
// (c) jenis dan jalur, (d) penyelenggara, (e) jadwal/waktu, (f) kesesuaian dengan standar kurikulum
// instansi pembina, (g) anggaran — plus JP, the gap score it came from and notes. No personal data:
// a plan names positions and counts, never a resident or an officer.
import { WEAK_BELOW } from './skm-evidence.ts';
import type { Translate } from '../../i18n/index.ts';
import type { ExportTable } from '../exports/table-export.ts';
import type { PlanView } from './development.service.ts';
import { roundScore } from './gap-score.ts';
import { itemTargetText, shortfallLines } from './plan-check.view.ts';
import type { PrioritiesPage } from './priorities.ts';

export function planExportTable(view: PlanView, t: Translate, locale: string, now: Date): ExportTable {
  const plan = view.plan!;
  const f = (k: string) => t(`development.plan.field.${k}` as never);
  return {
    title: t('development.plan.exportTitle', { year: view.year, department: view.department.name }),
    meta: [
      [t('development.department'), `${view.department.name} (${view.department.code})`],
      [t('development.plan.year'), String(view.year)],
      [t('development.plan.status'), plan.status === 'final' ? t('development.plan.statusFinal') : t('development.plan.statusDraft')],
      [t('development.plan.officers'), String(plan.officer_count)],
      [
        t('development.plan.jpSummary', { below: view.jp.pnsBelow, officers: view.jp.officerCount, total: view.jp.totalJp }),
        shortfallLines(view.jp, view.groups, t).join('; '),
      ],
      ...view.groups.map((g): [string, string] => [t('development.plan.field.targetGroup'), `${g.name} (${g.head_count})`]),
      [t('development.plan.basis'), plan.basis],
      [t('development.plan.regulation'), t('development.plan.regulationText')],
      [t('development.plan.generated'), now.toISOString()],
    ],
    columns: [
      { key: 'no', label: f('no'), type: 'number' },
      { key: 'kind', label: f('kind') },
      { key: 'competency', label: f('competency') },
      { key: 'target', label: f('target') },
      { key: 'target_group', label: f('targetGroup') },
      { key: 'target_count', label: f('targetCount'), type: 'number' },
      { key: 'jalur', label: f('jalur') },
      { key: 'bentuk', label: f('bentuk') },
      { key: 'jp', label: f('jp'), type: 'number' },
      { key: 'provider', label: f('provider') },
      { key: 'schedule', label: f('schedule') },
      { key: 'curriculum', label: f('curriculum') },
      { key: 'budget', label: f('budget'), type: 'number' },
      { key: 'gap_score', label: f('gapScore') },
      { key: 'notes', label: f('notes') },
    ],
    rows: view.items.map((i, n) => ({
      no: n + 1,
      kind: t(`development.kinds.${i.kind}`),
      competency: i.competency_id === null ? '' : ((locale === 'en' ? i.competency_name_en : i.competency_name_id) ?? ''),
      target: i.target,
      target_group: itemTargetText(i, view.groups, t, false),
      target_count: i.target_count,
      jalur: t(`development.jalur.${i.jalur}`),
      bentuk: t(`development.bentuk.${i.bentuk}` as never),
      jp: i.jp,
      provider: i.provider,
      schedule: i.schedule,
      curriculum: i.curriculum,
      budget: i.budget,
      gap_score: i.gap_score,
      notes: i.notes,
    })),
  };
}

/** The ranked competencies with the counts behind each rank (no complaint codes, no names). */
export function rankingExportTable(page: PrioritiesPage, t: Translate, locale: string, now: Date): ExportTable {
  const p = page.priorities;
  const w = p.result.weights;
  const c = (k: string) => t(`development.export.${k}` as never);
  return {
    title: `${t('development.title')} — ${p.department.name}`,
    meta: [
      [t('development.department'), `${p.department.name} (${p.department.code})`],
      [c('period'), `${p.period.startDate} – ${p.period.endDate}`],
      [
        t('development.formula.title'),
        `${t('development.formula.complaint', { volume: w.volume, responseMiss: w.responseMiss, resolutionMiss: w.resolutionMiss, reopen: w.reopen, lowRating: w.lowRating })} ${t('development.formula.consultation')} ${t('development.formula.score', { consultation: w.consultation })} ${t('development.formula.skm', { limit: WEAK_BELOW, skm: w.skm })}`,
      ],
      [c('volume'), String(p.result.volume)],
      [c('voice'), String(p.result.voice)],
      [
        t('development.skm.title'),
        p.skm
          ? t(p.skm.counted ? 'development.skm.counted' : 'development.skm.notCounted', {
              period: p.skm.period ?? '–',
              n: p.skm.n,
              minimum: p.skm.minimum ?? t('development.skm.unknownMinimum'),
              weight: w.skm,
              index: p.skm.converted ?? '–',
              mutu: p.skm.mutu ?? '–',
            })
          : t('development.skm.none'),
      ],
      [t('development.plan.generated'), now.toISOString()],
    ],
    columns: [
      { key: 'rank', label: t('development.column.rank'), type: 'number' },
      { key: 'code', label: c('code') },
      { key: 'competency', label: t('development.column.competency') },
      { key: 'kind', label: t('development.column.kind') },
      { key: 'score', label: t('development.column.score'), type: 'number' },
      { key: 'complaintPart', label: t('development.column.complaintPart'), type: 'number' },
      { key: 'consultationPart', label: t('development.column.consultationPart'), type: 'number' },
      { key: 'complaints', label: c('complaints'), type: 'number' },
      { key: 'filed', label: c('filed'), type: 'number' },
      { key: 'responseMisses', label: c('responseMisses'), type: 'number' },
      { key: 'resolutionMisses', label: c('resolutionMisses'), type: 'number' },
      { key: 'reopens', label: c('reopens'), type: 'number' },
      { key: 'lowRatings', label: c('lowRatings'), type: 'number' },
      { key: 'contributions', label: c('contributions'), type: 'number' },
      { key: 'endorsements', label: c('endorsements'), type: 'number' },
      { key: 'skmPart', label: t('development.column.skmPart'), type: 'number' },
    ],
    rows: p.ranked.map((r) => ({
      rank: r.rank,
      code: r.competency.code,
      competency: locale === 'en' ? r.competency.name_en : r.competency.name_id,
      kind: t(`development.kinds.${r.competency.kind}`),
      score: roundScore(r.score),
      complaintPart: roundScore(r.complaintPart),
      consultationPart: roundScore(r.consultationPart),
      skmPart: roundScore(r.skmPart),
      complaints: r.complaintEvidence.complaints,
      filed: r.complaintEvidence.volume,
      responseMisses: r.complaintEvidence.responseMisses,
      resolutionMisses: r.complaintEvidence.resolutionMisses,
      reopens: r.complaintEvidence.reopens,
      lowRatings: r.complaintEvidence.lowRatings,
      contributions: r.consultationEvidence.contributions,
      endorsements: r.consultationEvidence.endorsements,
    })),
  };
}
