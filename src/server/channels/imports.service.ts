// Imports complaints received through SP4N-LAPOR! or older channels (spreadsheets) into the same queues,
// with their original timestamps so the metrics count them in their own months (the rollup triggers fire
// on each insert with those times). Idempotent on (source, source id): imported_complaints' primary key is
// claimed in the row's own transaction, so a re-run, or two runs at once, create nothing twice. A dry run
// checks every row the same way and writes nothing. Used by `npm run cli -- import-complaints` and
// /admin/imports (admins only).
import type { Db } from '../db/index.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { addWorkingDays, localDate, zoneOffsetMs, type WorkingCalendar } from '../calendar/calendar.ts';
import { getSettings } from '../reference/reference.repository.ts';
import { generateAccessKey, generateTrackingCode, hashAccessKey } from '../complaints/complaint-codes.ts';
import * as repo from '../complaints/complaints.repository.ts';
import { newComplaintSchema } from '../complaints/complaints.schema.ts';
import type { ImportMapping, ImportState } from './import-mapping.ts';
import { IMPORT_STATES, parseSourceDate } from './import-mapping.ts';
import type { SourceRow } from './import-file.ts';

export interface ImportRowResult {
  /** The row's line in the file (the header is line 1). */
  row: number;
  sourceId: string | null;
  outcome: 'would_create' | 'created' | 'skipped' | 'refused';
  reason?: string;
  code?: string;
}

export interface ImportContext {
  actor: { id: number; role: string } | null;
  /** The CLI runs as the operator of the machine; the admin page needs an admin. */
  via: 'cli' | 'admin';
  now: Date;
  calendar: WorkingCalendar;
  dryRun: boolean;
  requestId?: string;
}

export type ImportOutcome =
  { ok: true; results: ImportRowResult[]; counts: Record<ImportRowResult['outcome'], number> } | { ok: false; error: 'forbidden' };

class AlreadyImported extends Error {}

interface Planned {
  sourceId: string;
  categoryId: number;
  kecamatan: string;
  kelurahan: string;
  title: string;
  description: string;
  address: string;
  state: ImportState;
  departmentId: number | null;
  submittedAt: number;
  respondedAt: number | null;
  resolvedAt: number | null;
  responses: string[];
  responseDays: number;
  resolutionDays: number;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v)).trim();

export async function importComplaints(db: Db, rows: SourceRow[], mapping: ImportMapping, ctx: ImportContext): Promise<ImportOutcome> {
  if (ctx.via === 'admin' && ctx.actor?.role !== 'admin') return { ok: false, error: 'forbidden' };
  const settings = await getSettings(db);
  const prefix = settings.get('tracking_prefix') ?? 'SW';
  const verificationDays = Number(settings.get('verification_days') ?? 3);
  const offset = (t: number) => zoneOffsetMs(new Date(t), ctx.calendar.timeZone) / 60_000;
  const seen = new Map<string, number>();
  const results: ImportRowResult[] = [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const planned = await plan(db, row, mapping, offset, ctx);
    if (!planned.ok) {
      results.push({ row: line, sourceId: planned.sourceId, outcome: 'refused', reason: planned.reason });
      continue;
    }
    const p = planned.plan;
    const earlier = seen.get(p.sourceId);
    if (earlier) {
      results.push({ row: line, sourceId: p.sourceId, outcome: 'refused', reason: `source id repeated in the file (row ${earlier})` });
      continue;
    }
    seen.set(p.sourceId, line);
    const done = await db
      .selectFrom('imported_complaints')
      .select('complaint_id')
      .where('source', '=', mapping.source)
      .where('source_id', '=', p.sourceId)
      .executeTakeFirst();
    if (done) {
      results.push({ row: line, sourceId: p.sourceId, outcome: 'skipped', reason: 'imported before' });
      continue;
    }
    if (ctx.dryRun) {
      results.push({ row: line, sourceId: p.sourceId, outcome: 'would_create' });
      continue;
    }
    try {
      const code = await db.transaction().execute((trx) => insertImported(trx, p, mapping, { prefix, verificationDays, ...ctx }));
      results.push({ row: line, sourceId: p.sourceId, outcome: 'created', code });
    } catch (e) {
      // Another run claimed this source id first (primary key): nothing of this row was written.
      if (e instanceof AlreadyImported || isUniqueViolation(e))
        results.push({ row: line, sourceId: p.sourceId, outcome: 'skipped', reason: 'imported before' });
      else throw e;
    }
  }
  const counts = { would_create: 0, created: 0, skipped: 0, refused: 0 };
  for (const r of results) counts[r.outcome]++;
  return { ok: true, results, counts };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed: imported_complaints/.test(err?.message ?? '');
}

type Plan = { ok: true; plan: Planned } | { ok: false; sourceId: string | null; reason: string };

async function plan(db: Db, row: SourceRow, m: ImportMapping, offset: (t: number) => number, ctx: ImportContext): Promise<Plan> {
  const c = m.columns;
  const sourceId = text(row[c.source_id]).slice(0, 100) || null;
  const refuse = (reason: string): Plan => ({ ok: false, sourceId, reason });
  if (!sourceId) return refuse(`${c.source_id} (source id) is empty`);
  const date = (col: string | undefined) => (col ? parseSourceDate(row[col], m.date_format, offset) : null);
  const submittedAt = date(c.submitted_at);
  if (submittedAt === null) return refuse(`${c.submitted_at} '${text(row[c.submitted_at])}' is not a date in the format ${m.date_format}`);
  if (submittedAt > ctx.now.getTime()) return refuse(`${c.submitted_at} is in the future`);
  const rawCategory = text(row[c.category]);
  const category = await repo.findCategoryByCode(db, m.categories[rawCategory] ?? rawCategory);
  if (!category) return refuse(`category '${rawCategory}' is not mapped to a category code`);
  const rawArea = text(row[c.kelurahan]);
  const area = await findKelurahan(db, m.kelurahan[rawArea] ?? rawArea);
  if (area === 'ambiguous') return refuse(`kelurahan '${rawArea}' matches several kelurahan; map it to a code`);
  if (!area) return refuse(`kelurahan '${rawArea}' is not a known kelurahan`);
  const rawState = c.state ? text(row[c.state]) : '';
  const state = c.state ? (m.states[rawState] ?? IMPORT_STATES.find((s) => s === rawState)) : 'submitted';
  if (!state) return refuse(`state '${rawState}' is not mapped to a state`);
  const description = text(row[c.description]);
  const title = (c.title ? text(row[c.title]) : '') || (description.split(/[.!?\n]/)[0] ?? '').slice(0, 150).trim();
  const input = newComplaintSchema.safeParse({
    category: category.code,
    title: title.length >= 5 ? title : category.name_id,
    description,
    kelurahan: area.code,
    privacy: m.privacy,
  });
  if (!input.success)
    return refuse(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message.replace(/^complaints\.errors\./, '')}`).join('; '));
  const respondedAt = date(c.responded_at);
  const resolvedAt = date(c.resolved_at);
  if (c.responded_at && text(row[c.responded_at]) && respondedAt === null)
    return refuse(`${c.responded_at} is not a date in the format ${m.date_format}`);
  if (c.resolved_at && text(row[c.resolved_at]) && resolvedAt === null)
    return refuse(`${c.resolved_at} is not a date in the format ${m.date_format}`);
  if ((state === 'resolved' || state === 'closed') && resolvedAt === null)
    return refuse(`state ${state} needs a resolution date (${c.resolved_at ?? 'columns.resolved_at'})`);
  for (const t of [respondedAt, resolvedAt])
    if (t !== null && (t < submittedAt || t > ctx.now.getTime()))
      return refuse('a response or resolution date lies before the submission or in the future');
  let departmentId: number | null = null;
  if (state !== 'submitted') {
    const rule = await repo.findRoutingRule(db, category.id, area.parent_code);
    departmentId = rule?.department_id ?? category.department_id;
    if (departmentId === null)
      return refuse(
        `no department handles category ${category.code} in kecamatan ${area.parent_code} (no routing rule, no default department)`,
      );
  }
  const responses = (c.responses ?? [])
    .map((col) => text(row[col]))
    .filter(Boolean)
    .map((r) => r.slice(0, 5000));
  return {
    ok: true,
    plan: {
      sourceId,
      categoryId: category.id,
      kecamatan: area.parent_code,
      kelurahan: area.code,
      title: input.data.title,
      description: input.data.description,
      address: c.address ? text(row[c.address]).slice(0, 300) : '',
      state,
      departmentId,
      submittedAt,
      respondedAt,
      resolvedAt,
      responses,
      responseDays: category.response_days,
      resolutionDays: category.resolution_days,
    },
  };
}

async function findKelurahan(db: Db, value: string): Promise<{ code: string; parent_code: string } | null | 'ambiguous'> {
  if (!value) return null;
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'parent_code', 'name', 'common_name'])
    .where('level', '!=', 'kecamatan')
    .where((eb) =>
      eb.or([
        eb('code', '=', value),
        eb(eb.fn('lower', ['common_name']), '=', value.toLowerCase()),
        eb(eb.fn('lower', ['name']), '=', value.toLowerCase()),
      ]),
    )
    .execute();
  const found = rows.filter((r) => r.parent_code !== null);
  if (found.length > 1)
    return found.some((r) => r.code === value)
      ? { code: value, parent_code: found.find((r) => r.code === value)!.parent_code! }
      : 'ambiguous';
  return found[0] ? { code: found[0].code, parent_code: found[0].parent_code! } : null;
}

async function insertImported(
  trx: Transaction<Database>,
  p: Planned,
  m: ImportMapping,
  ctx: ImportContext & { prefix: string; verificationDays: number },
): Promise<string> {
  const submitted = new Date(p.submittedAt);
  const year = Number(localDate(submitted, ctx.calendar.timeZone).slice(0, 4));
  let code = generateTrackingCode(ctx.prefix, year);
  for (let attempt = 0; attempt < 5 && (await repo.trackingCodeExists(trx, code)); attempt++) code = generateTrackingCode(ctx.prefix, year);
  const routed = p.state !== 'submitted';
  // Imported complaints reached the department when they arrived (the source system dispatched them).
  const assignedAt = routed ? p.submittedAt : null;
  const firstResponseAt = p.respondedAt ?? (p.responses.length && p.resolvedAt !== null ? p.resolvedAt : null);
  const resolvedAt = p.state === 'resolved' || p.state === 'closed' ? p.resolvedAt : null;
  const updatedAt = Math.max(p.submittedAt, firstResponseAt ?? 0, resolvedAt ?? 0);
  const id = await repo.insertComplaint(trx, {
    code,
    access_key_hash: hashAccessKey(generateAccessKey()),
    category_id: p.categoryId,
    title: p.title,
    description: p.description,
    kecamatan_code: p.kecamatan,
    kelurahan_code: p.kelurahan,
    address: p.address,
    latitude: null,
    longitude: null,
    privacy: m.privacy,
    reporter_user_id: null,
    reporter_name: null,
    reporter_email: null,
    reporter_phone: null,
    state: p.state,
    department_id: p.departmentId,
    submitted_at: p.submittedAt,
    verification_due_at: addWorkingDays(submitted, ctx.verificationDays, ctx.calendar).getTime(),
    assigned_at: assignedAt,
    response_due_at: routed ? addWorkingDays(submitted, p.responseDays, ctx.calendar).getTime() : null,
    resolution_due_at: routed ? addWorkingDays(submitted, p.resolutionDays, ctx.calendar).getTime() : null,
    first_response_at: firstResponseAt,
    resolved_at: resolvedAt,
    first_resolved_at: resolvedAt,
    closed_at: p.state === 'closed' ? resolvedAt : null,
    updated_at: updatedAt,
    channel: m.source,
  });
  // The claim on the source id: a concurrent run of the same file waits on this key, then finds it taken
  // and rolls its whole row back.
  const claimed = await trx
    .insertInto('imported_complaints')
    .values({
      source: m.source,
      source_id: p.sourceId,
      complaint_id: id,
      imported_at: ctx.now.getTime(),
      imported_by_user_id: ctx.actor?.id ?? null,
    })
    .onConflict((oc) => oc.columns(['source', 'source_id']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AlreadyImported();
  const event = (
    at: number,
    actor_kind: 'reporter' | 'system' | 'department',
    action: string,
    from: ImportState | null,
    to: ImportState,
    note = '',
  ) =>
    repo.insertEvent(trx, {
      complaint_id: id,
      at,
      actor_user_id: null,
      actor_kind,
      action,
      from_state: from,
      to_state: to,
      note,
      visibility: 'public',
      department_id: action === 'route' ? p.departmentId : null,
    });
  await event(p.submittedAt, 'reporter', 'submit', null, 'submitted');
  if (routed) await event(p.submittedAt, 'system', 'route', 'submitted', 'assigned');
  const responseAt = firstResponseAt ?? p.submittedAt;
  let state: ImportState = routed ? 'assigned' : 'submitted';
  for (const r of routed ? p.responses : []) {
    await event(responseAt, 'department', 'respond', state, 'in_progress', r);
    state = 'in_progress';
  }
  if (resolvedAt !== null) await event(resolvedAt, 'department', 'resolve', state, 'resolved');
  if (p.state === 'closed' && resolvedAt !== null) await event(resolvedAt, 'system', 'auto_close', 'resolved', 'closed');
  await appendAudit(trx, {
    actor: ctx.actor,
    action: 'complaint.imported',
    objectType: 'complaint',
    objectId: code,
    requestId: ctx.requestId,
    details: { source: m.source, source_id: p.sourceId, state: p.state, via: ctx.via },
    at: ctx.now,
  });
  return code;
}
