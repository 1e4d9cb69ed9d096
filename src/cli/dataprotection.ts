// cli retention [--dry-run] and cli breach-report --from ISO --to ISO (UU PDP 27/2022 duties).
import { getDb } from '../server/db/index.ts';
import { config } from '../server/config.ts';
import { systemClock } from '../server/clock.ts';
import { runRetention } from '../server/dataprotection/retention.ts';
import { breachReport } from '../server/dataprotection/breach-report.ts';
import type { Command } from './command.ts';

export const retention: Command = {
  summary: 'anonymise old complaint contact data and delete old photos [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  async run(values) {
    const cfg = config();
    const report = await runRetention(getDb(), systemClock.now(), {
      contactMonths: cfg.retention.contactMonths,
      photoMonths: cfg.retention.photoMonths,
      uploadDir: cfg.uploadDir,
      dryRun: values['dry-run'] === true,
    });
    console.log(JSON.stringify(report, null, 2));
  },
};

export const breachReportCommand: Command = {
  summary: 'whose personal data was viewed or exported: --from ISO --to ISO',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(values) {
    const from = new Date(String(values.from ?? ''));
    const to = new Date(String(values.to ?? ''));
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      console.error('usage: breach-report --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z');
      return 2;
    }
    const subjects = await breachReport(getDb(), from, to);
    console.log(
      JSON.stringify(
        { from: from.toISOString(), to: to.toISOString(), notifyBy: new Date(Date.now() + 72 * 3_600_000).toISOString(), subjects },
        null,
        2,
      ),
    );
  },
};
