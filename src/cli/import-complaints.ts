// cli import-complaints FILE.csv|xlsx --mapping mapping.json [--dry-run]: complaints from SP4N-LAPOR! or a
// spreadsheet (docs/imports.md). Prints one line per row that is not created (and, in a dry run, each row
// that would be), then the counts; exits 1 when any row could not be mapped.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getDb } from '../server/db/index.ts';
import { loadCalendar } from '../server/calendar/calendar.repository.ts';
import { readImportFile } from '../server/channels/import-file.ts';
import { parseMapping } from '../server/channels/import-mapping.ts';
import { importComplaints } from '../server/channels/imports.service.ts';
import type { Command } from './command.ts';

export const importComplaintsCommand: Command = {
  summary: 'import-complaints FILE.csv|xlsx --mapping mapping.json [--dry-run]: import complaints (SP4N-LAPOR!, spreadsheets)',
  options: { mapping: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(values, positionals) {
    const file = positionals[0];
    if (!file || typeof values.mapping !== 'string') {
      console.error('usage: npm run cli -- import-complaints FILE.csv|xlsx --mapping mapping.json [--dry-run]');
      return 2;
    }
    const mapping = parseMapping(await readFile(values.mapping, 'utf8'));
    if (!mapping.ok) {
      console.error(`invalid mapping: ${mapping.error}`);
      return 2;
    }
    const rows = await readImportFile(await readFile(file), path.basename(file));
    const db = getDb();
    const dryRun = values['dry-run'] === true;
    const outcome = await importComplaints(db, rows, mapping.mapping, {
      actor: null,
      via: 'cli',
      now: new Date(),
      calendar: await loadCalendar(db),
      dryRun,
    });
    if (!outcome.ok) return 1;
    for (const r of outcome.results) {
      if (r.outcome === 'created') continue;
      console.log(`row ${r.row}\t${r.sourceId ?? '-'}\t${r.outcome}${r.reason ? `\t${r.reason}` : ''}`);
    }
    const c = outcome.counts;
    console.log(
      dryRun
        ? `dry run: ${c.would_create} would be created, ${c.skipped} imported before, ${c.refused} cannot be mapped`
        : `${c.created} created, ${c.skipped} imported before, ${c.refused} cannot be mapped`,
    );
    return c.refused > 0 ? 1 : 0;
  },
};
