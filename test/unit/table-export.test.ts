import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { downloadResponse, tableToCsv, tableToXlsx, type ExportTable } from '../../src/server/exports/table-export.ts';

const table: ExportTable = {
  title: 'Kinerja dinas',
  meta: [
    ['Periode', '2026-01-01 s.d. 2026-06-30'],
    ['Dinas', 'Semua'],
  ],
  columns: [
    { key: 'dinas', label: 'Dinas' },
    { key: 'volume', label: 'Jumlah', type: 'number' },
    { key: 'sla', label: 'SLA respons', type: 'percent' },
  ],
  rows: [
    { dinas: 'Dinas PUPR, "Bina Marga"', volume: 120, sla: 0.875 },
    { dinas: '=HYPERLINK("http://evil")', volume: 3, sla: null },
  ],
};

describe('table export', () => {
  it('writes CSV with a BOM, the period and filters, quoted cells, and defused formulas', () => {
    const csv = tableToCsv(table);
    expect(csv.startsWith('\uFEFFKinerja dinas\n')).toBe(true);
    expect(csv).toContain('Periode,2026-01-01 s.d. 2026-06-30');
    expect(csv).toContain('"Dinas PUPR, ""Bina Marga""",120,0.875');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",3,`);
  });

  it('writes an XLSX that opens with the same content, numbers as numbers', async () => {
    const buf = await tableToXlsx(table);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Kinerja dinas');
    expect(ws.getCell('A1').value).toBe('Kinerja dinas');
    expect(ws.getCell('B2').value).toBe('2026-01-01 s.d. 2026-06-30');
    expect(ws.getRow(5).values).toEqual([undefined, 'Dinas', 'Jumlah', 'SLA respons']);
    expect(ws.getCell('B6').value).toBe(120);
    expect(ws.getCell('A7').value).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('names the download without unsafe characters', () => {
    const r = downloadResponse('x', 'csv', 'laporan dinas/2026');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="laporan-dinas-2026.csv"');
    expect(r.headers.get('content-type')).toContain('text/csv');
  });
});
