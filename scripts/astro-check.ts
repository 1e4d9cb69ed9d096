// `astro check` for the .astro files (the second half of `npm run check`), run on TypeScript 6.
// The project compiles with TypeScript 7 (native tsc), which has no JavaScript API yet, and the Astro
// language server and Volar need that API. @astrojs/check loads the root `typescript` (7) and declares a peer
// dependency on ^5 || ^6, which a plain `npm install` refuses; so this script drives the same checker
// (@astrojs/language-server's AstroCheck, which @astrojs/check wraps) and, in this process only, resolves
// `typescript` to the `typescript6` alias package (Volar's kit requires `typescript` itself).
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';

registerHooks({
  resolve(specifier, context, next) {
    const ts6 =
      specifier === 'typescript' || specifier.startsWith('typescript/') ? specifier.replace(/^typescript/, 'typescript6') : specifier;
    return next(ts6, context);
  },
});
const { AstroCheck } = await import('@astrojs/language-server');

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const checker = new AstroCheck(root, require.resolve('typescript6'), path.join(root, 'tsconfig.json'));
const minimumSeverity = process.argv.includes('--errors-only') ? 'error' : 'hint';
const result = await checker.lint({ logErrors: { level: minimumSeverity } });
console.info(`astro check: ${result.fileChecked} files, ${result.errors} errors, ${result.warnings} warnings, ${result.hints} hints`);
process.exitCode = result.errors > 0 ? 1 : 0;
