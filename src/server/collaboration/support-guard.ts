// The resolve guard of supporting tasks, called by resolveComplaint (src/server/workflow/workflow.service.ts) inside
// its transaction: a complaint is not resolved while a supporting department's task on it is open; the
// handling department's manager closes the task with a reason first. A task requested meanwhile moved the
// complaint's version, so the resolve's compare-and-set loses then.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countOpenSupport } from './support.repository.ts';

export async function supportBlocksResolve(trx: Transaction<Database>, complaintId: number): Promise<boolean> {
  return (await countOpenSupport(trx, complaintId)) > 0;
}
