// The exports other systems import: a training's participants in Moodle's "upload users" CSV format
// (the region's e-learning), and the realised JP per NIP of a year as a table (CSV/XLSX) and as JSON
// keyed by NIP (SIASN / e-Kinerja bukti dukung). Every text cell is formula-safe.
import { stringify } from 'csv-stringify/sync';
import type { Translate } from '../../i18n/index.ts';
import { formulaSafe } from '../exports/formula-safe.ts';
import type { ExportTable } from '../exports/table-export.ts';
import type { RealisedRow, TrainingRow } from './trainings.repository.ts';
import type { ParticipantRow } from './training-participants.repository.ts';

export const MOODLE_HEADER = ['username', 'firstname', 'lastname', 'email', 'course1'] as const;

/** Moodle needs both names: the last word is the last name, the rest the first name (one word: both). */
export function splitName(name: string): { firstname: string; lastname: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstname: '-', lastname: '-' };
  if (words.length === 1) return { firstname: words[0]!, lastname: words[0]! };
  return { firstname: words.slice(0, -1).join(' '), lastname: words[words.length - 1]! };
}

/** The Moodle course short name of a training: its title as a slug, then its year and id (unique). */
export function courseShortName(t: { id: number; year: number; title: string }): string {
  const slug = t.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'pelatihan'}-${t.year}-${t.id}`;
}

/** username = NIP; email from the portal account, empty for an external PNS. No BOM: Moodle reads the header. */
export function moodleCsv(training: TrainingRow, participants: readonly ParticipantRow[]): string {
  const course = courseShortName(training);
  const rows = participants.map((p) => {
    const { firstname, lastname } = splitName(p.name);
    return [p.nip, firstname, lastname, p.user_id === null ? '' : (p.email ?? ''), course].map(formulaSafe);
  });
  return stringify([[...MOODLE_HEADER], ...rows]);
}

export function realisedTable(
  data: { year: number; department: { code: string; name: string } | null; rows: RealisedRow[] },
  t: Translate,
  now: Date,
): ExportTable {
  const c = (k: string) => t(`trainings.exports.column.${k}` as never);
  return {
    title: t('trainings.exports.jpTitle', { year: data.year }),
    meta: [
      [
        t('trainings.department'),
        data.department ? `${data.department.name} (${data.department.code})` : t('trainings.exports.allDepartments'),
      ],
      [t('trainings.year'), String(data.year)],
      [t('trainings.exports.regulation'), ''],
      [t('trainings.exports.generated'), now.toISOString()],
    ],
    columns: [
      { key: 'nip', label: c('nip') },
      { key: 'name', label: c('name') },
      { key: 'title', label: c('title') },
      { key: 'bentuk', label: c('bentuk') },
      { key: 'jalur', label: c('jalur') },
      { key: 'jp', label: c('jp'), type: 'number' },
      { key: 'starts_on', label: c('starts_on') },
      { key: 'ends_on', label: c('ends_on') },
      { key: 'provider', label: c('provider') },
      { key: 'certificate', label: c('certificate') },
    ],
    rows: data.rows.map((r) => ({
      nip: r.nip,
      name: r.name,
      title: r.title,
      bentuk: t(`development.bentuk.${r.bentuk}` as never),
      jalur: t(`development.jalur.${r.jalur}`),
      jp: r.jp,
      starts_on: r.starts_on,
      ends_on: r.ends_on,
      provider: r.provider,
      certificate: r.certificate_no,
    })),
  };
}

/** { year, generated_at, department, officers: { [nip]: { name, jp, trainings: [...] } } } */
export function realisedJson(data: { year: number; department: { code: string } | null; rows: RealisedRow[] }, now: Date) {
  const officers: Record<
    string,
    {
      name: string;
      jp: number;
      trainings: {
        title: string;
        jenis: string;
        jalur: string;
        jp: number;
        starts_on: string;
        ends_on: string;
        provider: string;
        certificate_no: string;
      }[];
    }
  > = {};
  for (const r of data.rows) {
    const o = (officers[r.nip] ??= { name: r.name, jp: 0, trainings: [] });
    o.jp += r.jp;
    o.trainings.push({
      title: r.title,
      jenis: r.bentuk,
      jalur: r.jalur,
      jp: r.jp,
      starts_on: r.starts_on,
      ends_on: r.ends_on,
      provider: r.provider,
      certificate_no: r.certificate_no,
    });
  }
  return { year: data.year, generated_at: now.toISOString(), department: data.department?.code ?? null, officers };
}
