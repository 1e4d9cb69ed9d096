// The import graph of src/ has no cycle: a cycle makes module start-up order fragile and is the usual
// sign that a type or helper lives in the wrong file (table types belong in *.tables.ts files).
// The detection is the one of the shared cycles tool (node cycles.mjs src): the same import pattern, the same
// resolution of a specifier to a file, and cycles as strongly connected components of more than one file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|astro)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The files among `known` that a file imports or re-exports from (type-only ones too: they still tie the modules together). */
function importsOf(file: string, known: Set<string>): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const t = path.resolve(path.dirname(file), m[1]!);
    const hit = [t, `${t}.ts`, t.replace(/\.js$/, '.ts'), path.join(t, 'index.ts')].find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every import cycle: each strongly connected component of more than one file (Tarjan), as paths relative to `root`. */
export function findCycles(files: string[], root = SRC): string[][] {
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.map((x) => path.relative(root, x)).sort());
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return cycles;
}

describe('import graph of src/', () => {
  it('has no cycle', () => {
    expect(findCycles(sourceFiles(SRC))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'cycles-'));
    try {
      const write = (name: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      };
      // A type-only import, a re-export, an import that is not at the start of a line, one from an .astro
      // frontmatter, one without an extension and one of a folder's index.ts: each is an edge of the cycle.
      write('a.ts', "import { b } from './b.ts';\nexport const a = 1;\n");
      write('b.ts', "import type { c } from './c.ts';\nexport const b = 2;\n");
      write('c.ts', "export const c = 3; export { d } from './d.ts';\n");
      write('d.ts', "import x from './E.astro';\nexport const d = x;\n");
      write('E.astro', "---\nimport { f } from './f';\n---\n<p>{f}</p>\n");
      write('f.ts', "import { a } from './g';\nexport const f = a;\n");
      write('g/index.ts', "export { a } from '../a.ts';\n");
      // Not on the cycle: h imports a but nothing imports h.
      write('h.ts', "import { a } from './a.ts';\nexport const h = a;\n");
      const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'E.astro', 'f.ts', 'g/index.ts', 'h.ts'].map((n) => path.join(dir, n));
      expect(findCycles(files, dir)).toEqual([['E.astro', 'a.ts', 'b.ts', 'c.ts', 'd.ts', 'f.ts', 'g/index.ts']]);
      // Break one edge and there is none.
      write('g/index.ts', 'export const a = 1;\n');
      expect(findCycles(files, dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
