// The staff inbox read model: parses the filter query, asks the repository for the user's own
// department only, and shapes rows for the InboxList component (overdue flags computed here).
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { CHANNELS, COMPLAINT_STATES, DEPARTMENT_STATES } from '../complaints/complaint-states.ts';
import { countInbox, countInboxByState, listInbox } from './inbox.repository.ts';
import { canUseInbox } from './workflow.policy.ts';
import { listUnits } from '../reference/units.service.ts';

export const INBOX_PAGE_SIZE = 25;

const str = (max: number) => z.string().trim().max(max).optional().catch(undefined);
export const inboxQuerySchema = z.object({
  state: z
    .enum([...COMPLAINT_STATES, 'open', 'all'])
    .optional()
    .catch(undefined),
  category: str(40),
  kota: z
    .string()
    .regex(/^\d{2}\.\d{2}$/)
    .optional()
    .catch(undefined),
  kecamatan: str(20),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  /** A unit code of the department, 'mine' for the viewer's unit, or 'none'. */
  unit: z
    .string()
    .regex(/^[A-Z0-9_-]{1,40}$|^mine$|^none$/)
    .optional()
    .catch(undefined),
  assignee: z
    .string()
    .regex(/^(\d{1,9}|none|me)$/)
    .optional()
    .catch(undefined),
  overdue: z.enum(['1']).optional().catch(undefined),
  q: str(200),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  return inboxQuerySchema.parse(Object.fromEntries([...params.entries()].filter(([, v]) => v !== '')));
}

export function inboxQueryString(q: InboxQuery, page?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, page: page ?? q.page }))
    if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function departmentInbox(db: Db, user: SessionUser | null, query: InboxQuery, now: Date, locale: Locale) {
  if (!canUseInbox(user)) return null;
  // Without a state filter the inbox shows what still needs the department.
  const states = !query.state || query.state === 'open' ? DEPARTMENT_STATES : query.state === 'all' ? [] : [query.state];
  // The unit filter: a unit of the viewer's own department only; an unknown code matches nothing.
  const units = await listUnits(db, user.departmentId);
  const unit =
    query.unit === 'none'
      ? ('none' as const)
      : query.unit === 'mine'
        ? (user.unitId ?? ('none' as const))
        : query.unit
          ? (units.find((u) => u.code === query.unit)?.id ?? -1)
          : undefined;
  const filter = {
    departmentId: user.departmentId,
    unit,
    ownUnit: user.unitId ?? null,
    states,
    category: query.category,
    kota: query.kota,
    kecamatan: query.kecamatan,
    channel: query.channel,
    assignee:
      query.assignee === 'me'
        ? user.id
        : query.assignee === 'none'
          ? ('none' as const)
          : query.assignee
            ? Number(query.assignee)
            : undefined,
    overdue: query.overdue === '1',
    q: query.q,
    now: now.getTime(),
  };
  const page = query.page ?? 1;
  const [rows, total, byState] = await Promise.all([
    listInbox(db, filter, { limit: INBOX_PAGE_SIZE, offset: (page - 1) * INBOX_PAGE_SIZE }),
    countInbox(db, filter),
    countInboxByState(db, filter),
  ]);
  const t = now.getTime();
  return {
    units,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
    counts: COMPLAINT_STATES.filter((s) => s !== 'submitted').map((s) => ({ state: s, n: byState.get(s) ?? 0 })),
    items: rows.map((r) => {
      const responseOverdue = r.state === 'assigned' && r.response_due_at !== null && r.response_due_at < t;
      const resolutionOverdue = DEPARTMENT_STATES.includes(r.state) && r.resolution_due_at !== null && r.resolution_due_at < t;
      return {
        code: r.code,
        title: r.title,
        state: r.state,
        priority: r.priority,
        categoryName: localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', locale),
        kecamatanName: r.kecamatan_name,
        unitName: r.unit_name,
        assigneeName: r.assignee_name,
        nextDue: r.next_due === null ? null : fromDbTime(Number(r.next_due)),
        responseOverdue,
        resolutionOverdue,
      };
    }),
  };
}
export type DepartmentInbox = NonNullable<Awaited<ReturnType<typeof departmentInbox>>>;
