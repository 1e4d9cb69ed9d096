// Exports a table as CSV (UTF-8 with BOM, so spreadsheet programs read Indonesian text right) or
// XLSX, with the title, period and filters written above the data, as offices expect.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { formulaSafe } from './formula-safe.ts';

export interface ExportColumn {
  key: string;
  label: string;
  /** Number cells stay numbers in XLSX; everything else is text. */
  type?: 'text' | 'number' | 'percent';
}

export interface ExportTable {
  title: string;
  /** Lines above the header: period, filters, generation time. */
  meta: [string, string][];
  columns: ExportColumn[];
  rows: Record<string, string | number | null | undefined>[];
}

export function tableToCsv(t: ExportTable): string {
  const records: (string | number)[][] = [[t.title], ...t.meta.map(([k, v]) => [k, v]), [], t.columns.map((c) => c.label)];
  for (const r of t.rows) records.push(t.columns.map((c) => cellValue(r[c.key])));
  return '\uFEFF' + stringify(records);
}

export async function tableToXlsx(t: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suara Warga';
  const ws = wb.addWorksheet(sheetName(t.title));
  ws.addRow([t.title]).font = { bold: true, size: 13 };
  for (const [k, v] of t.meta) ws.addRow([k, v]);
  ws.addRow([]);
  const header = ws.addRow(t.columns.map((c) => c.label));
  header.font = { bold: true };
  for (const r of t.rows) ws.addRow(t.columns.map((c) => cellValue(r[c.key])));
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(60, Math.max(10, c.label.length + 2));
    if (c.type === 'percent') col.numFmt = '0.0%';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A download response; the file name carries no personal data. */
export function downloadResponse(body: string | Buffer, format: 'csv' | 'xlsx', baseName: string): Response {
  const safe = baseName.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'export';
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${safe}.${format}"`, 'Cache-Control': 'no-store' },
  });
}

function cellValue(v: string | number | null | undefined): string | number {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? formulaSafe(v) : v;
}

function sheetName(title: string): string {
  return title.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31) || 'Data';
}
