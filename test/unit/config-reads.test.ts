// The environment is read in one place: config.ts validates it with zod and freezes the result, so a
// setting has one name, one default and one message when it is wrong. Anything else that read
// process.env directly would bypass that (the server sets ASTRO_NODE_AUTOSTART for Astro: a write).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs|js|astro)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Lines of a file that read process.env (an assignment to one of its keys is a write, not a read). */
export function envReads(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /process\.env\b/.test(line) && !/^\s*process\.env\.[A-Z_]+\s*=[^=]/.test(line) && !/^\s*(\/\/|\*)/.test(line));
}

describe('environment reads', () => {
  it('recognises a read and ignores a write or a comment', () => {
    expect(envReads("const p = process.env.PORT ?? 1;\nprocess.env.X = 'y';\n// process.env.Z")).toEqual([
      'const p = process.env.PORT ?? 1;',
    ]);
  });

  it('happen only in src/server/config.ts', () => {
    const readers = sourceFiles(SRC)
      .filter((f) => f !== path.join(SRC, 'server/config.ts'))
      .flatMap((f) => envReads(fs.readFileSync(f, 'utf8')).map((line) => `${path.relative(SRC, f)}: ${line.trim()}`));
    expect(readers).toEqual([]);
  });
});
