// `npm run cli -- <command>`: operator commands. Each command lives in its own module.
import { parseArgs } from 'node:util';
import { ConfigError } from '../server/config.ts';
import { closeDb } from '../server/db/index.ts';
import { commands } from './commands.ts';

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!command) {
  console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
  for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(16)} ${c.summary}`);
  process.exit(name && name !== 'help' ? 2 : 0);
}

try {
  const { values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  const code = await command.run(values as Record<string, string | boolean | undefined>, positionals);
  await closeDb();
  process.exit(code ?? 0);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `error: ${e instanceof Error ? e.message : String(e)}`);
  await closeDb().catch(() => {});
  process.exit(1);
}
