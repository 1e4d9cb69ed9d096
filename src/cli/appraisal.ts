// cli appraisal-min-sample [N]: show or set the minimum number of cases below which an appraisal figure reads "data belum cukup".
import { getDb } from '../server/db/index.ts';
import { systemClock } from '../server/clock.ts';
import { minSampleSetting } from '../server/appraisal/appraisal.repository.ts';
import { setMinSample } from '../server/appraisal/appraisal.service.ts';
import type { Command } from './command.ts';

export const appraisalMinSample: Command = {
  summary: 'show or set the appraisal evidence minimum sample (default 10): appraisal-min-sample [N]',
  async run(_values, positionals) {
    const db = getDb();
    const wanted = positionals[0];
    if (wanted !== undefined) {
      const n = Number(wanted);
      if (!Number.isInteger(n) || n < 1 || n > 1000) {
        console.error('appraisal-min-sample: N must be a whole number from 1 to 1000');
        return 2;
      }
      await setMinSample(db, n, { user: null, now: systemClock.now() });
    }
    console.log(`appraisal_min_sample = ${await minSampleSetting(db)}`);
  },
};
