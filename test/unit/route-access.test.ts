// Every route under src/pages must declare who may open it (src/server/auth/guard.ts), so a page added
// without thinking about access fails here. See docs/security.md.
import { describe, expect, it } from 'vitest';
import { listRoutes } from '../support/routes.ts';

const GUARD = /\b(allowPublic|requireUser|requireRole|requireCapability)\(\s*\w+/;
const RESTRICTING = /const\s+(\w+)\s*=\s*await\s+(requireUser|requireRole|requireCapability)\(/;

/** The code that runs on the server: an .astro file's frontmatter, or the whole endpoint module. */
function serverCode(file: string, source: string): string {
  const code = file.endsWith('.astro') ? (/^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '') : source;
  // Ignore comments, so a guard mentioned in a comment does not count.
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('route access declarations', () => {
  const routes = listRoutes();

  it('finds the routes', () => {
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/', '/login', '/admin/users/[id]', '/healthz']));
  });

  it.each(routes.map((r) => [r.file, r] as const))('%s declares its access rule', (_file, route) => {
    const code = serverCode(route.file, route.source);
    expect(
      GUARD.test(code),
      `${route.file}: call allowPublic / requireUser / requireRole / requireCapability from src/server/auth/guard.ts`,
    ).toBe(true);
    const restricting = RESTRICTING.exec(code);
    if (restricting) {
      // The refusal must actually be returned, or the page would render anyway.
      expect(code, `${route.file}: follow the guard with "if (${restricting[1]}) return ${restricting[1]};"`).toMatch(
        new RegExp(`if \\(${restricting[1]}\\) return ${restricting[1]};`),
      );
    } else {
      expect(
        code,
        `${route.file}: a restricting guard must be written "const denied = await requireX(...); if (denied) return denied;"`,
      ).not.toMatch(/\b(requireUser|requireRole|requireCapability)\(/);
    }
  });

  it('the check itself catches an unguarded page and an unreturned guard', () => {
    expect(GUARD.test(serverCode('x.astro', "---\nimport Base from '../layouts/Base.astro';\n// allowPublic(Astro)\n---\n<p/>"))).toBe(
      false,
    );
    const unreturned = serverCode('y.astro', "---\nconst denied = await requireRole(Astro, 'admin');\n---\n");
    expect(RESTRICTING.test(unreturned)).toBe(true);
    expect(unreturned).not.toMatch(/if \(denied\) return denied;/);
  });
});
