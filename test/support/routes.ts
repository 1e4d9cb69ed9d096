// Every route under src/pages with its pattern (/admin/users/[id]) and source, for the access tests.
import fs from 'node:fs';
import path from 'node:path';

export const PAGES_DIR = path.resolve(import.meta.dirname, '../../src/pages');

export interface RouteFile {
  file: string;
  pattern: string;
  source: string;
}

export function listRoutes(dir = PAGES_DIR): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...listRoutes(full));
      continue;
    }
    if (!/\.(astro|ts|js|mjs|md|mdx|html)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const rel = path.relative(PAGES_DIR, full).split(path.sep).join('/');
    const pattern = ('/' + rel.replace(/\.[^.]+$/, '').replace(/(^|\/)index$/, '')).replace(/\/$/, '') || '/';
    out.push({ file: rel, pattern, source: fs.readFileSync(full, 'utf8') });
  }
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
