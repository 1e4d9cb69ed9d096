// cli seed-demo [--complaints N] [--seed S] [--now ISO]: a year of synthetic activity for the
// reference region (migrates first). Prints the demo accounts and their password at the end.
import { config } from '../server/config.ts';
import { getDb } from '../server/db/index.ts';
import { prepareDatabase } from '../server/bootstrap.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/demo/seed-demo.ts';
import type { Command } from './command.ts';

export const seedDemoCommand: Command = {
  summary: 'seed-demo [--complaints N] [--seed S] [--now ISO]: a year of synthetic complaints, officers and ratings',
  options: { complaints: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' } },
  async run(values) {
    const complaints = values.complaints === undefined ? 5000 : Number(values.complaints);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    const now = values.now === undefined ? new Date() : new Date(String(values.now));
    if (
      !Number.isInteger(complaints) ||
      complaints < 1 ||
      complaints > 5_000_000 ||
      !Number.isInteger(seed) ||
      Number.isNaN(now.getTime())
    ) {
      console.error('usage: npm run cli -- seed-demo [--complaints N (1..5000000)] [--seed S] [--now 2026-11-22T09:00:00+07:00]');
      return 2;
    }
    const db = getDb();
    await prepareDatabase(db, config().region);
    const started = Date.now();
    let last = 0;
    const r = await seedDemo(db, {
      complaints,
      seed,
      now,
      progress(done, total) {
        if (Date.now() - last > 5000 || done === total) {
          last = Date.now();
          console.log(`  ${done} / ${total} complaints`);
        }
      },
    });
    console.log(
      `seeded ${r.complaints} complaints, ${r.events} events, ${r.ratings} ratings, ${r.consultations} consultations with ${r.contributions} contributions in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`support between departments: ${r.support.requests} tasks (${r.support.declined} declined, ${r.support.late} late)`);
    console.log(`demo accounts (password for all: ${DEMO_PASSWORD}):`);
    for (const u of r.users) console.log(`  ${u.role.padEnd(8)} ${(u.department ?? '').padEnd(12)} ${(u.nip ?? '').padEnd(18)} ${u.email}`);
  },
};
