// GET servicerequestupdates: mySociety's documented Open311 extension ("Open311 FMS - Proposed
// differences to Open311", github.com/mysociety/fixmystreet/wiki), which FixMyStreet polls to mirror status
// changes: one request_update per public event of a public request (update_id, service_request_id, status
// after the update, updated_datetime, description, media_url), start_date/end_date on the update's time.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { dateRange, issuesMessage, MAX_RESULTS, Open311Error, open311Status, singleParams, w3cParam } from './requests.ts';

const updatesQuery = z.object({ start_date: w3cParam.optional(), end_date: w3cParam.optional(), jurisdiction_id: z.string().optional() });

export function parseUpdatesQuery(params: URLSearchParams, now: Date) {
  const parsed = updatesQuery.safeParse(singleParams(params));
  if (!parsed.success) throw new Open311Error(400, issuesMessage(parsed.error.issues));
  return dateRange(parsed.data, now);
}

export async function findUpdates(db: Kysely<Database>, range: { start: Date; end: Date }, w3c: (d: Date | null) => string | null) {
  const rows = await db
    .selectFrom('complaint_events as e')
    .innerJoin('complaints as c', 'c.id', 'e.complaint_id')
    .select(['e.id', 'e.at', 'e.to_state', 'e.note', 'c.code'])
    .where('e.visibility', '=', 'public')
    .where('e.action', '!=', 'submit')
    .where('e.at', '>=', range.start.getTime())
    .where('e.at', '<=', range.end.getTime())
    .where('c.privacy', '!=', 'confidential')
    .where((eb) => eb.or([eb('c.rejection_reason', 'is', null), eb('c.rejection_reason', '!=', 'spam')]))
    .orderBy('e.at')
    .orderBy('e.id')
    .limit(MAX_RESULTS)
    .execute();
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.code,
    status: open311Status(r.to_state),
    updated_datetime: w3c(new Date(Number(r.at))),
    description: r.note ?? '',
    media_url: null,
  }));
}
