// cli region-check <folder>: validates a region folder (db/reference/<region>/ or a new one being
// prepared) and prints every problem with its file and line. Exit 0 when it can be loaded, 1 when not.
// Competency codes are checked for their form here; the loader also checks them against the catalogue.
import path from 'node:path';
import { checkRegion, formatProblems } from '../server/reference/region-check.ts';
import type { Command } from './command.ts';

export const regionCheck: Command = {
  summary: 'region-check <folder>: validate a region folder (files, codes, departments, SLA targets, holidays, Kemendagri codes)',
  async run(_values, positionals) {
    if (positionals.length !== 1) {
      console.error('usage: npm run cli -- region-check db/reference/<region>');
      return 2;
    }
    const folder = path.resolve(positionals[0]!);
    const problems = checkRegion(folder);
    if (problems.length === 0) {
      console.log(`${folder}: ok`);
      return 0;
    }
    console.log(formatProblems(problems).replace(/^/gm, `${path.relative(process.cwd(), folder) || '.'}/`));
    console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return 1;
  },
};
