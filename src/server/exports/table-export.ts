// Exports a table as CSV (UTF-8 with BOM, so spreadsheet programs read Indonesian text right) or
// XLSX, with the title, period and filters written above the data, as offices expect.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { formulaSafe } from './formula-safe.ts';
import { zoneOffsetMs } from '../calendar/calendar.ts';

export interface ExportColumn {
  key: string;
  label: string;
  /** Number cells stay numbers in XLSX; everything else is text. */
  type?: 'text' | 'number' | 'percent' | 'date';
}

type CellInput = string | number | Date | null | undefined;

export interface ExportTable {
  title: string;
  /** Lines above the header: period, filters, generation time. */
  meta: [string, string][];
  columns: ExportColumn[];
  rows: Record<string, CellInput>[];
  /** Zone in which date cells are written (local wall-clock time); UTC when absent. */
  timeZone?: string;
}

/** The instant as the local wall-clock time of the zone, in a Date whose UTC fields carry it. */
function localWallClock(d: Date, timeZone: string | undefined): Date {
  return timeZone ? new Date(d.getTime() + zoneOffsetMs(d, timeZone)) : d;
}

export function tableToCsv(t: ExportTable): string {
  const records: (string | number)[][] = [[t.title], ...t.meta.map(([k, v]) => [k, v]), [], t.columns.map((c) => c.label)];
  for (const r of t.rows) records.push(t.columns.map((c) => cellValue(r[c.key], t.timeZone)));
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
  for (const r of t.rows) {
    ws.addRow(
      t.columns.map((c) => {
        const v = r[c.key];
        // A real date cell (sortable, filterable), holding the local time the page shows.
        return v instanceof Date ? localWallClock(v, t.timeZone) : cellValue(v, t.timeZone);
      }),
    );
  }
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(60, Math.max(c.type === 'date' ? 17 : 10, c.label.length + 2));
    if (c.type === 'percent') col.numFmt = '0.0%';
    if (c.type === 'date') col.numFmt = 'yyyy-mm-dd hh:mm';
  });
  // The header stays in view while scrolling, and every column can be filtered.
  ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0 }];
  if (t.columns.length > 0)
    ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: t.columns.length } };
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

function cellValue(v: CellInput, timeZone?: string): string | number {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return localWallClock(v, timeZone).toISOString().slice(0, 16).replace('T', ' ');
  return typeof v === 'string' ? formulaSafe(v) : v;
}

function sheetName(title: string): string {
  return title.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31) || 'Data';
}
