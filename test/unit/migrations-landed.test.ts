// Landed migrations are frozen and new ones sort after them: checked against db/migrations/LANDED.txt,
// the list of migrations on main with the sha256 of each file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/server/db/migrator.ts';

interface MigrationFile {
  name: string;
  content: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What is wrong with the migration folder against the manifest; empty when it is fine. */
function landedProblems(files: MigrationFile[], manifest: string): string[] {
  const problems: string[] = [];
  const landed = manifest
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [hash, name] = l.split(/\s+/);
      return { hash: hash!, name: name! };
    });
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const [i, l] of landed.entries()) {
    const file = byName.get(l.name);
    if (!file) problems.push(`${l.name} landed but is missing`);
    else if (sha256(file.content) !== l.hash) problems.push(`${l.name} landed but was changed`);
    if (i > 0 && l.name <= landed[i - 1]!.name) problems.push(`${l.name} is listed after ${landed[i - 1]!.name}`);
  }
  const last = landed.at(-1)?.name ?? '';
  const landedNames = new Set(landed.map((l) => l.name));
  for (const f of files) {
    if (!landedNames.has(f.name) && f.name < last) problems.push(`${f.name} sorts before the last landed migration ${last}: rename it`);
  }
  return problems;
}

function migrationFiles(): MigrationFile[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
    .map((name) => ({ name, content: fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
}

const manifest = () => fs.readFileSync(path.join(MIGRATIONS_DIR, 'LANDED.txt'), 'utf8');

describe('landed migrations', () => {
  it('are unchanged, and every migration not yet landed sorts after them', () => {
    expect(landedProblems(migrationFiles(), manifest())).toEqual([]);
  });

  it('are listed, so the check has something to hold on to', () => {
    const names = migrationFiles().map((f) => f.name);
    expect(names).toContain('2026_11_22_1400_reference.ts');
    expect(manifest()).toContain('2026_12_01_1720_report_durations.ts');
  });

  // The check itself, on a made-up folder: the mistakes it exists to catch.
  const files = [
    { name: '2026_01_01_1000_a.ts', content: 'a' },
    { name: '2026_01_02_1000_b.ts', content: 'b' },
  ];
  const m = files.map((f) => `${sha256(f.content)}  ${f.name}`).join('\n');

  it('rejects a new migration named before the last landed one', () => {
    expect(landedProblems([...files, { name: '2026_01_01_1200_late.ts', content: 'x' }], m)).toEqual([
      '2026_01_01_1200_late.ts sorts before the last landed migration 2026_01_02_1000_b.ts: rename it',
    ]);
    expect(landedProblems([...files, { name: '2026_01_03_1000_new.ts', content: 'x' }], m)).toEqual([]);
  });

  it('rejects an edited or deleted landed migration', () => {
    expect(landedProblems([files[0]!, { ...files[1]!, content: 'b changed' }], m)).toEqual(['2026_01_02_1000_b.ts landed but was changed']);
    expect(landedProblems([files[1]!], m)).toEqual(['2026_01_01_1000_a.ts landed but is missing']);
  });
});
