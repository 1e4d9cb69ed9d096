// Reads an import file into rows keyed by the header row's column names: XLSX through exceljs (first
// worksheet), CSV with a small RFC 4180 reader (comma or semicolon, quoted fields, a UTF-8 BOM), so text
// dates stay text and are read by the mapping's date format, never guessed.
import ExcelJS from 'exceljs';

export type SourceRow = Record<string, unknown>;

export const MAX_IMPORT_ROWS = 20_000;

export async function readImportFile(data: Buffer, fileName: string): Promise<SourceRow[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(data);
  if (lower.endsWith('.csv')) return readCsv(data.toString('utf8'));
  throw new Error('the file must be .csv or .xlsx');
}

async function readXlsx(data: Buffer): Promise<SourceRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col] = String(cell.text ?? '').trim()));
  const rows: SourceRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    if (rows.length >= MAX_IMPORT_ROWS) throw new Error(`more than ${MAX_IMPORT_ROWS} rows`);
    const out: SourceRow = {};
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const key = header[col];
      if (!key) return;
      const v = cell.value;
      out[key] = v instanceof Date ? v : v && typeof v === 'object' ? cell.text : v;
    });
    rows.push(out);
  });
  return rows;
}

export function readCsv(text: string): SourceRow[] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.indexOf('\n') === -1 ? src.length : src.indexOf('\n'));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      if (records.length > MAX_IMPORT_ROWS + 1) throw new Error(`more than ${MAX_IMPORT_ROWS} rows`);
    } else field += c;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  const [header, ...body] = records;
  if (!header) return [];
  const keys = header.map((h) => h.trim());
  return body.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? ''])));
}
