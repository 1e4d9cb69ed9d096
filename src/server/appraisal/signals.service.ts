// The complaints behind one integrity signal of an officer's evidence (the signals become
// drill-downs). Computed from the very facts and tests that give the count on the evidence page, so the
// list holds exactly the complaints the count says; paged like the report drill-downs. The same policy as
// the evidence (a department manager their own officers, HR all; otherwise 404) and audited as a view.
import type { Db } from '../db/index.ts';
import type { Ctx } from './appraisal.service.ts';
import { computeDepartment } from './appraisal.service.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { isHandlingStaff } from '../complaints/complaints.policy.ts';
import { mayViewEvidence } from './appraisal.policy.ts';
import { findOfficerByNip, type OfficerRow } from './appraisal.repository.ts';
import { officerResolvedFacts } from './evidence.ts';
import { RESPONSE_GAP_MINUTES, signalComplaints, SIGNAL_KEYS, type SignalKey } from './integrity.ts';
import { PAGE_SIZE } from '../metrics/report-context.ts';
import type { ComplaintFact } from '../metrics/responsiveness.ts';

const MINUTE = 60_000;

/** Why a complaint is on the list: the i18n key under appraisal.flagged.* and its values. */
export interface FlagReason {
  key: 'fast' | 'noResponse' | 'lateResponse' | 'reopened' | 'disputed' | 'returned' | 'rating';
  values: Record<string, number>;
}

export interface FlaggedRow {
  code: string;
  category: { id: string; en: string };
  resolvedAt: Date | null;
  officerName: string | null;
  reasons: FlagReason[];
  /** The staff page when the viewer handles the complaint's department; else the public page. */
  href: string;
}

export interface SignalList {
  officer: OfficerRow;
  signal: SignalKey;
  total: number;
  page: number;
  pages: number;
  offset: number;
  rows: FlaggedRow[];
}

export function parseSignal(raw: string | null): SignalKey | null {
  return (SIGNAL_KEYS as readonly string[]).includes(raw ?? '') ? (raw as SignalKey) : null;
}

const firstResolve = (f: ComplaintFact) => f.history?.find((e) => e.action === 'resolve')?.at ?? f.resolvedAt;

function reasons(f: ComplaintFact, signal: SignalKey): FlagReason[] {
  const r = firstResolve(f);
  const out: FlagReason[] = [];
  const fast = () => {
    if (r !== null && f.assignedAt !== null)
      out.push({ key: 'fast', values: { minutes: Math.max(0, Math.round((r - f.assignedAt) / MINUTE)) } });
  };
  const response = () => {
    if (f.firstResponseAt === null || r === null || f.firstResponseAt > r) out.push({ key: 'noResponse', values: {} });
    else out.push({ key: 'lateResponse', values: { minutes: Math.round((r - f.firstResponseAt) / MINUTE), gap: RESPONSE_GAP_MINUTES } });
  };
  if (signal === 'fast' || signal === 'unverified') fast();
  if (signal === 'withoutResponse' || signal === 'unverified') response();
  if (signal === 'disputedOrReopened')
    out.push(
      f.reopenedCount > 0 || f.state === 'reopened'
        ? { key: 'reopened', values: { count: Math.max(1, f.reopenedCount) } }
        : { key: 'disputed', values: {} },
    );
  if (signal === 'returned') out.push({ key: 'returned', values: {} });
  if (signal === 'ratingClustering' && f.rating !== null) out.push({ key: 'rating', values: { score: f.rating } });
  return out;
}

/** One signal's flagged complaints of an officer for a period; not_found outside the viewer's scope. */
export async function viewSignalComplaints(
  db: Db,
  input: { nip: string; periodKey: string; signal: SignalKey; page: number },
  ctx: Ctx,
): Promise<{ ok: true; list: SignalList } | { ok: false; error: 'not_found' }> {
  const viewer = ctx.user;
  const officer = viewer ? await findOfficerByNip(db, input.nip) : undefined;
  if (!viewer || !officer || !mayViewEvidence(viewer, officer)) return { ok: false, error: 'not_found' };
  const { current } = await computeDepartment(db, officer.departmentId!, [officer.id], input.periodKey, ctx.now);
  const byId = new Map(current.facts.map((f) => [f.id, f]));
  // [complaint id, resolved at, fact when known]: one entry per flagged resolution, as the count has.
  let entries: { id: number; at: number | null; fact: ComplaintFact | undefined }[];
  if (input.signal === 'returned') {
    entries = current.checks
      .filter(
        (k) =>
          k.state === 'returned' && k.resolverUserId === officer.id && k.resolvedAt >= current.ctx.from && k.resolvedAt < current.ctx.to,
      )
      .map((k) => ({ id: k.complaintId, at: k.resolvedAt, fact: byId.get(k.complaintId) }));
  } else {
    const mine = officerResolvedFacts(current.facts, current.ctx, officer.id, current.stages);
    entries = signalComplaints(mine, current.ctx, input.signal).map((f) => ({ id: f.id, at: f.resolvedAt, fact: f }));
  }
  entries.sort((a, b) => (b.at ?? 0) - (a.at ?? 0) || b.id - a.id);
  const total = entries.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const offset = (page - 1) * PAGE_SIZE;
  const slice = entries.slice(offset, offset + PAGE_SIZE);
  const details = slice.length
    ? await db
        .selectFrom('complaints as c')
        .innerJoin('categories as k', 'k.id', 'c.category_id')
        .leftJoin('users as u', 'u.id', 'c.assignee_user_id')
        .select(['c.id', 'c.code', 'c.privacy', 'c.department_id', 'c.reporter_user_id', 'k.name_id', 'k.name_en', 'u.name as assignee'])
        .where('c.id', 'in', [...new Set(slice.map((e) => e.id))])
        .execute()
    : [];
  const detail = new Map(details.map((d) => [Number(d.id), d]));
  const rows: FlaggedRow[] = slice.flatMap((e) => {
    const d = detail.get(e.id);
    if (!d) return [];
    const staff = isHandlingStaff(viewer, {
      privacy: d.privacy,
      department_id: d.department_id === null ? null : Number(d.department_id),
      reporter_user_id: d.reporter_user_id === null ? null : Number(d.reporter_user_id),
    });
    const fact =
      e.fact ??
      ({
        id: e.id,
        state: 'resolved',
        history: [],
        rating: null,
        reopenedCount: 0,
        firstResponseAt: null,
        assignedAt: null,
        resolvedAt: e.at,
      } as unknown as ComplaintFact);
    return [
      {
        code: d.code,
        category: { id: d.name_id, en: d.name_en },
        resolvedAt: e.at === null ? null : new Date(e.at),
        officerName: d.assignee ?? null,
        reasons: reasons(fact, input.signal),
        href: staff ? `/staff/complaints/${d.code}` : `/complaints/${d.code}`,
      },
    ];
  });
  await appendAudit(db, {
    actor: { id: viewer.id, role: viewer.role },
    action: 'appraisal.viewed',
    objectType: 'appraisal_signal',
    objectId: `${officer.id}:${input.periodKey}`,
    requestId: ctx.requestId,
    at: ctx.now,
    details: { period: input.periodKey, department_id: officer.departmentId, signal: input.signal, rows: total },
  });
  return { ok: true, list: { officer, signal: input.signal, total, page, pages, offset, rows } };
}
