// Exports every contribution of a consultation (CSV, XLSX) for the department's analysis.
// Names and affiliations only: no email addresses or phone numbers ever enter an export.
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { translator, localized, type Locale } from '../../i18n/index.ts';
import { managedConsultation } from './consultations.service.ts';
import { listQuestions } from './consultations.repository.ts';
import { listAllContributions, listResponses, listTags } from './contributions.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { formulaSafe } from '../exports/formula-safe.ts';

export interface ExportTable {
  filename: string;
  header: string[];
  rows: (string | number)[][];
}

const safe = formulaSafe;

export async function exportContributions(
  db: Kysely<Database>,
  actor: SessionUser | null,
  consultationId: number,
  locale: Locale,
): Promise<ExportTable> {
  const c = await managedConsultation(db, actor, consultationId);
  const t = translator(locale);
  const [rows, questions] = await Promise.all([listAllContributions(db, consultationId), listQuestions(db, consultationId)]);
  const ids = rows.map((r) => r.id);
  const [responses, tags] = await Promise.all([listResponses(db, ids), listTags(db, ids)]);
  // An export hands out contributors' names: recorded, naming the consultation, for breach reports (UU PDP).
  await appendAudit(db, {
    actor: actor ? { id: actor.id, role: actor.role } : null,
    action: 'consultation.exported',
    objectType: 'consultation',
    objectId: c.id,
    details: { rows: rows.length },
  });
  const yesNo = (b: boolean) => t(b ? 'consultations.export_.yes' : 'consultations.export_.no');
  const header = (
    [
      'id',
      'parent',
      'createdAt',
      'author',
      'affiliation',
      'verified',
      'question',
      'stance',
      'text',
      'endorsements',
      'reports',
      'hidden',
      'tags',
      'responses',
    ] as const
  ).map((k) => t(`consultations.export_.${k}`));
  return {
    filename: `konsultasi-${c.id}`,
    header,
    rows: rows.map((r) => [
      r.id,
      r.parent_id ?? '',
      new Date(Number(r.created_at)).toISOString(),
      safe(r.author_name),
      t(`consultations.affiliations.${r.affiliation ?? 'none'}`),
      yesNo(Number(r.affiliation_verified) === 1),
      safe(questions.find((q) => q.id === r.question_id)?.prompt ?? ''),
      r.stance ? t(`consultations.stances.${r.stance}`) : '',
      safe(r.body),
      Number(r.endorsement_count),
      Number(r.report_count),
      Number(r.hidden) === 1 ? `${yesNo(true)} (${t(`consultations.reasons.${r.hidden_reason ?? 'lainnya'}`)})` : yesNo(false),
      tags
        .filter((g) => g.contribution_id === r.id)
        .map((g) => localized(g, 'name', locale))
        .join('; '),
      safe(
        responses
          .filter((x) => x.contribution_id === r.id)
          .map((x) => x.body)
          .join('\n---\n'),
      ),
    ]),
  };
}

export function toCsv(table: ExportTable): string {
  // The byte order mark lets spreadsheet programs read the UTF-8 text correctly.
  return '\uFEFF' + stringify([table.header, ...table.rows]);
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suara Warga';
  const ws = wb.addWorksheet('Masukan');
  ws.addRow(table.header).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.columns.forEach((col, i) => {
    col.width = i === 8 || i === 13 ? 60 : 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
