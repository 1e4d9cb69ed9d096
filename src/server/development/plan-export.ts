// The training plan as an export table with the contents Pasal 207 ayat (3) PP 11/2017 jo. PP 17/2020
// lists for the kebutuhan dan rencana pengembangan kompetensi: (a) jenis kompetensi, (b) target PNS,
// (c) jenis dan jalur, (d) penyelenggara, (e) jadwal/waktu, (f) kesesuaian dengan standar kurikulum
// instansi pembina, (g) anggaran — plus JP, the gap score it came from and notes. No personal data:
// a plan names positions and counts, never a resident or an officer.
import type { Translate } from '../../i18n/index.ts';
import type { ExportTable } from '../exports/table-export.ts';
import type { PlanView } from './development.service.ts';

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
      [t('development.plan.jpSummary', { perOfficer: view.jp.perOfficer ?? '–', total: view.jp.totalJp }), ''],
      [t('development.plan.basis'), plan.basis],
      [t('development.plan.regulation'), t('development.plan.regulationText')],
      [t('development.plan.generated'), now.toISOString()],
    ],
    columns: [
      { key: 'no', label: f('no'), type: 'number' },
      { key: 'kind', label: f('kind') },
      { key: 'competency', label: f('competency') },
      { key: 'target', label: f('target') },
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
