// Open311 service requests: filing through the same validation, limits, routing and privacy rules as
// the web form, and reading the public record (never personal data, never confidential complaints).
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Locale } from '../../i18n/index.ts';
import { localized, translator } from '../../i18n/index.ts';
import { newComplaintSchema } from '../complaints/complaints.schema.ts';
import { DONE_STATES, OPEN_STATES, isOpen, type ComplaintState } from '../complaints/complaint-states.ts';
import { submitComplaint, type SubmitContext } from '../complaints/complaints.service.ts';
import { normaliseTrackingCode } from '../complaints/complaint-codes.ts';
import type { ProcessedPhoto } from '../complaints/complaint-photos.ts';
import { insideBbox, type Bbox } from './region-bbox.ts';
import { fieldErrors } from '../http/forms.ts';

export const MAX_RESULTS = 1000;
export const MAX_RANGE_MS = 90 * 24 * 60 * 60 * 1000;

export class Open311Error extends Error {
  readonly status: 400 | 403 | 404 | 429;
  constructor(status: 400 | 403 | 404 | 429, message: string) {
    super(message);
    this.name = 'Open311Error';
    this.status = status;
  }
}

export const w3cParam = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)),
    'must be a W3C datetime, e.g. 2026-11-22T08:00:00+07:00',
  )
  .transform((v) => new Date(v));

const listQuery = z.object({
  service_request_id: z
    .string()
    .max(20 * 30)
    .optional(),
  // GeoReport v2: service_code "can be declared multiple times, comma delimited".
  service_code: z
    .string()
    .max(40 * 50)
    .optional(),
  start_date: w3cParam.optional(),
  end_date: w3cParam.optional(),
  status: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(',').every((s) => s.trim() === 'open' || s.trim() === 'closed'),
      'status must be open, closed or open,closed',
    ),
});

/**
 * A query string as one value per parameter. A parameter given twice is refused rather than silently
 * reduced to one of its values (the spec's lists are comma-delimited in one parameter), and an empty
 * value (`status=`) counts as absent, as clients that fill a template send it.
 */
export function singleParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    if (all.length > 1)
      throw new Open311Error(400, `parameter ${k} is given more than once; give several values as one comma-separated list`);
    const v = all[0]!.trim();
    if (v !== '') out[k] = v;
  }
  return out;
}

const commaList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Open311 knows two states; a resolved complaint awaiting the resident's confirmation counts as closed. */
export function open311Status(state: ComplaintState): 'open' | 'closed' {
  return isOpen(state) ? 'open' : 'closed';
}

/** start_date/end_date as the spec reads them: the last 90 days by default, never a wider range. */
export function dateRange(q: { start_date?: Date; end_date?: Date }, now: Date) {
  const end = q.end_date ?? (q.start_date ? new Date(Math.min(now.getTime(), q.start_date.getTime() + MAX_RANGE_MS)) : now);
  const start = q.start_date ?? new Date(end.getTime() - MAX_RANGE_MS);
  if (start > end) throw new Open311Error(400, 'start_date must be before end_date');
  if (end.getTime() - start.getTime() > MAX_RANGE_MS) throw new Open311Error(400, 'start_date and end_date may be at most 90 days apart');
  return { start, end };
}

export function issuesMessage(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

export function parseListQuery(params: URLSearchParams, now: Date) {
  const parsed = listQuery.safeParse(singleParams(params));
  if (!parsed.success) throw new Open311Error(400, issuesMessage(parsed.error.issues));
  const q = parsed.data;
  const ids = commaList(q.service_request_id)
    ?.map((s) => normaliseTrackingCode(s))
    .filter((s): s is string => !!s);
  const { start, end } = dateRange(q, now);
  const status = [...new Set(commaList(q.status))] as ('open' | 'closed')[];
  const serviceCodes = commaList(q.service_code);
  return {
    ids: ids && ids.length ? ids.slice(0, MAX_RESULTS) : undefined,
    serviceCodes: serviceCodes?.length ? serviceCodes : undefined,
    start,
    end,
    status: status.length ? status : undefined,
  };
}

/** Every request row with the public fields (reporter columns are never selected); no privacy filter. */
export function requestRows(db: Kysely<Database>) {
  return db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.code',
      'c.state',
      'c.title',
      'c.description',
      'c.address',
      'c.kelurahan_code',
      'c.latitude',
      'c.longitude',
      'c.submitted_at',
      'c.updated_at',
      'c.resolution_due_at',
      'c.response_due_at',
      'cat.code as service_code',
      'cat.name_id',
      'cat.name_en',
      'd.name as department_name',
    ]);
}

/** The public record: never confidential complaints, never ones rejected as spam. */
export function publicRequests(db: Kysely<Database>) {
  return requestRows(db)
    .where('c.privacy', '!=', 'confidential')
    .where((eb) => eb.or([eb('c.rejection_reason', 'is', null), eb('c.rejection_reason', '!=', 'spam')]));
}

export async function findRequests(db: Kysely<Database>, q: ReturnType<typeof parseListQuery>) {
  let query = publicRequests(db);
  if (q.ids) {
    query = query.where('c.code', 'in', q.ids);
  } else {
    query = query.where('c.submitted_at', '>=', q.start.getTime()).where('c.submitted_at', '<=', q.end.getTime());
    if (q.serviceCodes) query = query.where('cat.code', 'in', q.serviceCodes);
    if (q.status && q.status.length === 1) query = query.where('c.state', 'in', q.status[0] === 'open' ? OPEN_STATES : DONE_STATES);
  }
  return query.orderBy('c.submitted_at', 'desc').orderBy('c.id', 'desc').limit(MAX_RESULTS).execute();
}

export async function findRequest(db: Kysely<Database>, code: string) {
  const normal = normaliseTrackingCode(code);
  if (!normal) return undefined;
  return publicRequests(db).where('c.code', '=', normal).executeTakeFirst();
}

type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** The latest public note (response, resolution or rejection reason) of each complaint. */
async function latestPublicNotes(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  const notes = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('complaint_events')
      .select(['complaint_id', 'note', 'at', 'id'])
      .where('complaint_id', 'in', ids.slice(i, i + 500))
      .where('visibility', '=', 'public')
      .where('note', '!=', '')
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const r of rows) notes.set(r.complaint_id, r.note);
  }
  return notes;
}

export async function toOpen311(
  db: Kysely<Database>,
  rows: RequestRow[],
  opts: { locale: Locale; baseUrl: string; w3c: (d: Date | null) => string | null },
) {
  const notes = await latestPublicNotes(
    db,
    rows.map((r) => r.id),
  );
  const photos = new Map<number, string>();
  if (rows.length) {
    const ps = await db
      .selectFrom('complaint_photos')
      .select(['complaint_id', 'file_name'])
      .where(
        'complaint_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('sort_order')
      .execute();
    for (const p of ps) if (!photos.has(p.complaint_id)) photos.set(p.complaint_id, p.file_name);
  }
  const t = translator(opts.locale);
  return rows.map((r) => ({
    service_request_id: r.code,
    status: open311Status(r.state),
    status_notes: notes.get(r.id) ?? null,
    service_name: localized(r, 'name', opts.locale),
    service_code: r.service_code,
    description: r.description,
    agency_responsible: r.department_name ?? null,
    service_notice: r.department_name ? t('open311.noticeRouted', { department: r.department_name }) : t('open311.noticeVerifying'),
    requested_datetime: opts.w3c(new Date(Number(r.submitted_at))),
    updated_datetime: opts.w3c(new Date(Number(r.updated_at))),
    expected_datetime: r.resolution_due_at === null ? null : opts.w3c(new Date(Number(r.resolution_due_at))),
    address: r.address || null,
    address_id: r.kelurahan_code,
    // GeoReport v2 lists zipcode among a request's fields; Indonesian kode pos is not collected.
    zipcode: null,
    lat: r.latitude,
    long: r.longitude,
    media_url: photos.has(r.id) ? `${opts.baseUrl}/complaints/${r.code}/photos/${photos.get(r.id)}` : null,
  }));
}

const postSchema = z.object({
  service_code: z.string({ error: 'service_code is required' }).min(1, 'service_code is required').max(40),
  lat: z.string().optional(),
  long: z.string().optional(),
  address_string: z.string().max(300).optional(),
  address_id: z.string().max(20).optional(),
  email: z.string().max(254).optional(),
  first_name: z.string().max(60).optional(),
  last_name: z.string().max(60).optional(),
  phone: z.string().max(30).optional(),
  description: z.string().max(5000).optional(),
  media_url: z.string().max(2000).optional(),
  'attribute[kelurahan]': z.string().max(20).optional(),
  'attribute[kota]': z.string().max(20).optional(),
  'attribute[privacy]': z.string().max(20).optional(),
});

/** Files a request; throws Open311Error with the spec's status for anything refused. `media` is asked for only once the request is valid. */
export async function fileRequest(
  db: Kysely<Database>,
  fields: Record<string, string>,
  ctx: SubmitContext & { bbox?: Bbox | null },
  media: () => Promise<ProcessedPhoto[]> = async () => [],
) {
  const p = postSchema.safeParse(fields);
  if (!p.success) throw new Open311Error(400, p.error.issues.map((i) => i.message).join('; '));
  const f = p.data;
  const category = await db
    .selectFrom('categories')
    .select(['code', 'name_id', 'name_en'])
    .where('code', '=', f.service_code)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!category) throw new Open311Error(404, 'service_code not found');
  const hasPoint = !!f.lat && !!f.long;
  if (!hasPoint && !f.address_string && !f.address_id)
    throw new Open311Error(400, 'one of lat and long, address_string or address_id is required');
  // Complaints are routed by kecamatan: the kelurahan's Kemendagri code comes as address_id or attribute[kelurahan].
  if (hasPoint && ctx.bbox) {
    const lat = Number(f.lat);
    const long = Number(f.long);
    if (Number.isFinite(lat) && Number.isFinite(long) && !insideBbox(ctx.bbox, lat, long)) {
      const b = ctx.bbox;
      throw new Open311Error(
        400,
        `lat/long ${lat},${long} is outside the area this portal serves (latitude ${b.south} to ${b.north}, longitude ${b.west} to ${b.east})`,
      );
    }
  }
  const kelurahan = f['attribute[kelurahan]'] || f.address_id;
  if (!kelurahan)
    throw new Open311Error(400, 'attribute[kelurahan] (a kelurahan code from the service definition) or address_id is required');
  const description = (f.description ?? '').trim();
  const serviceName = localized(category, 'name', ctx.locale as Locale);
  const title = (description.split(/[.!?\n]/)[0] || serviceName).slice(0, 150).trim();
  const name = [f.first_name, f.last_name].filter(Boolean).join(' ').trim();
  const input = newComplaintSchema.safeParse({
    category: category.code,
    title: title.length >= 5 ? title : serviceName,
    description,
    kelurahan,
    // Optional (regions with a kota level): the kelurahan must lie in it.
    kota: f['attribute[kota]'] || undefined,
    address: f.address_string,
    latitude: f.lat,
    longitude: f.long,
    privacy: f['attribute[privacy]'] || 'public',
    name: name || undefined,
    email: f.email,
    phone: f.phone,
  });
  if (!input.success) {
    const errs = fieldErrors(input.error);
    const t = translator('en');
    throw new Open311Error(
      400,
      Object.entries(errs)
        .map(([k, v]) => `${open311Field(k)}: ${t(v)}`)
        .join('; '),
    );
  }
  const outcome = await submitComplaint(db, input.data, await media(), ctx);
  if (!outcome.ok) {
    const t = translator('en');
    throw new Open311Error(
      400,
      Object.entries(outcome.errors)
        .map(([k, v]) => `${open311Field(k)}: ${t(v)}`)
        .join('; '),
    );
  }
  return outcome;
}

function open311Field(k: string): string {
  return (
    (
      {
        kelurahan: 'attribute[kelurahan]',
        latitude: 'lat',
        longitude: 'long',
        address: 'address_string',
        name: 'first_name',
        privacy: 'attribute[privacy]',
      } as Record<string, string>
    )[k] ?? k
  );
}

/** The name of the department a complaint went to, for the notice after filing. */
export async function departmentNameOf(db: Kysely<Database>, code: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('complaints as c')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .select('d.name')
    .where('c.code', '=', code)
    .executeTakeFirst();
  return r?.name;
}
