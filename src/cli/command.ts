// What every CLI command module exports: its one-line summary, its options and what it runs.
import type { ParseArgsConfig } from 'node:util';

export interface Command {
  summary: string;
  options?: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}
