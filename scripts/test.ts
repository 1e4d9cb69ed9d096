// `npm test`: unit and integration tests (vitest), then the browser tests when Chromium is installed.
// Extra arguments go to vitest. SKIP_E2E=1 leaves the browser tests out (CI runs them separately).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const args = process.argv.slice(2);
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

const unit = spawnSync(process.execPath, [vitest, 'run', ...args], { cwd: root, stdio: 'inherit', env });
let status = unit.status ?? 1;

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.SKIP_E2E !== '1' && args.length === 0) {
  if (fs.existsSync(chromium)) {
    const e2e = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, SKIP_BUILD: '1' },
    });
    status ||= e2e.status ?? 1;
  } else {
    console.log(`\nBrowser tests skipped: no Chromium at ${chromium} (apt-get install -y chromium).`);
  }
}
process.exit(status);
