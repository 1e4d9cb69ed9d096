// cli close-consultations: store 'closed' for consultations past their closing time (run from cron).
// Pages already show them as closed from the clock; this keeps the stored state and the audit log honest.
import { getDb } from '../server/db/index.ts';
import { systemClock } from '../server/clock.ts';
import { closeDueConsultations } from '../server/consultations/consultations.service.ts';
import type { Command } from './command.ts';

export const closeConsultations: Command = {
  summary: 'close consultations whose closing time has passed',
  async run() {
    const ids = await closeDueConsultations(getDb(), systemClock.now());
    console.log(ids.length ? `closed: ${ids.join(', ')}` : 'nothing to close');
  },
};
