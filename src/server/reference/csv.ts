// A small RFC 4180 CSV reader/writer for the reference data files (quoted fields, commas, newlines).

export interface CsvRecords {
  header: string[];
  /** Each record with the file line it starts on (1-based; the header is line 1). */
  rows: { line: number; fields: string[] }[];
}

/** Splits a file into records, remembering the line each starts on (region-check reports it). */
export function parseCsvRecords(text: string): CsvRecords {
  const records: { line: number; fields: string[] }[] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push({ line: recordLine, fields: record });
      record = [];
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push({ line: recordLine, fields: record });
  }
  const [header, ...rows] = records;
  return { header: header ? header.fields.map((h) => h.trim()) : [], rows };
}

export function parseCsv(text: string): Record<string, string>[] {
  const { header, rows } = parseCsvRecords(text);
  if (header.length === 0) return [];
  return rows.map((r, n) => {
    if (r.fields.length !== header.length) throw new Error(`CSV row ${n + 2}: ${r.fields.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r.fields[i]]));
  });
}

export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
