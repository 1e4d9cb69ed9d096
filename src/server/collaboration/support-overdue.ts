// Overdue supporting tasks: each open task past its own working-day due time is listed to the
// supporting department's managers. `overdueSupportByManager` is the list per manager; the managers' daily
// digest (workflow/overdue-digest.ts) carries it as one section, so no separate email is sent. The digest
// names complaint codes, the lead department and due dates only: no task text (staff may write a person's
// name in it), no reporter data.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listManagers } from '../workflow/workflow.repository.ts';
import { listOverdueSupport } from './support.repository.ts';

export interface OverdueSupportTask {
  id: number;
  code: string;
  leadName: string;
  dueAt: Date;
}

export interface ManagerOverdueSupport {
  managerId: number;
  email: string;
  locale: string;
  departmentId: number;
  tasks: OverdueSupportTask[];
}

/** Open supporting tasks past due, grouped per manager of the supporting department (digest section). */
export async function overdueSupportByManager(db: Kysely<Database>, now: Date): Promise<ManagerOverdueSupport[]> {
  const byDept = new Map<number, OverdueSupportTask[]>();
  for (const r of await listOverdueSupport(db, now.getTime())) {
    let list = byDept.get(r.supporting_department_id);
    if (!list) byDept.set(r.supporting_department_id, (list = []));
    list.push({ id: r.id, code: r.code, leadName: r.lead_name, dueAt: new Date(Number(r.due_at)) });
  }
  const out: ManagerOverdueSupport[] = [];
  for (const [departmentId, tasks] of byDept) {
    for (const m of await listManagers(db, departmentId))
      out.push({ managerId: m.id, email: m.email, locale: m.locale, departmentId, tasks });
  }
  return out;
}
