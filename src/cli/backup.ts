// cli backup <file>: an online, consistent copy of the SQLite database (safe while the portal runs).
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { getDbHandle } from '../server/db/index.ts';
import type { Command } from './command.ts';

export const backup: Command = {
  summary: 'backup <file>: online copy of the SQLite database',
  async run(_values, positionals) {
    const target = positionals[0];
    if (!target) {
      console.error('usage: npm run cli -- backup <file>');
      return 2;
    }
    const handle = getDbHandle();
    if (handle.kind === 'postgres' || !handle.sqlite) {
      console.log('PostgreSQL: use pg_dump for a logical backup, or base backups with WAL archiving for point-in-time recovery.');
      return 0;
    }
    const dest = path.resolve(target);
    if (fs.existsSync(dest)) {
      console.error(`refusing to overwrite ${dest}`);
      return 1;
    }
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    await handle.sqlite.backup(dest);
    const copy = new SqliteDatabase(dest, { readonly: true });
    const check = copy.pragma('integrity_check', { simple: true });
    copy.close();
    if (check !== 'ok') {
      console.error(`backup written but integrity check says: ${String(check)}`);
      return 1;
    }
    console.log(`backup written to ${dest} (integrity ok)`);
  },
};
