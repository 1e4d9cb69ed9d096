// /statistics/skm as open data: one row per department, period and unsur (plus the index row), with n,
// the minimum sample and the follow-up status; figures of groups under 5 responses are left empty.
import type { ExportTable } from '../exports/table-export.ts';
import { SKM_UNSUR } from './skm-reference.ts';
import type { PublicSkmDepartment } from './skm.service.ts';

const fmt = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

export function skmOpenData(departments: PublicSkmDepartment[]): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const d of departments) {
    for (const p of d.periods) {
      const base = {
        department: d.code,
        period: p.survey.period ?? '',
        n: p.index.n,
        minimum: p.minimum,
        representative: p.representative === null ? '' : p.representative ? 'ya' : 'tidak',
      };
      rows.push({
        ...base,
        unsur: 'IKM',
        nrr: p.shown ? fmt(p.index.index) : null,
        converted: p.shown ? p.index.converted : null,
        mutu: p.shown ? p.index.mutu : null,
        follow_up: '',
      });
      for (const u of p.index.unsur) {
        const f = p.followUps
          .filter((x) => x.unsur === u.code)
          .map((x) => x.status)
          .join(';');
        rows.push({
          ...base,
          unsur: `${u.code} ${SKM_UNSUR.find((s) => s.code === u.code)!.name.id}`,
          nrr: p.shown ? fmt(u.nrr) : null,
          converted: p.shown ? u.converted : null,
          mutu: p.shown ? u.mutu : null,
          follow_up: f,
        });
      }
    }
  }
  return {
    title: 'Survei Kepuasan Masyarakat (PermenPANRB 14/2017)',
    meta: [],
    columns: ['department', 'period', 'unsur', 'n', 'minimum', 'representative', 'nrr', 'converted', 'mutu', 'follow_up'].map((key) => ({
      key,
      label: key,
      type: ['n', 'minimum', 'nrr', 'converted'].includes(key) ? ('number' as const) : ('text' as const),
    })),
    rows,
  };
}
