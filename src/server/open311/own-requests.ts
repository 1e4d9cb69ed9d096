// What an API key may read of the requests it filed itself, once they left the public record: a
// confidential request answers with its status and the content withheld; one staff rejected as spam
// answers in full to that key (GeoReport clients poll requests/{id} until it closes; a 404 leaves them
// waiting forever).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { normaliseTrackingCode } from '../complaints/complaint-codes.ts';
import { open311Status, requestRows } from './requests.ts';

export type OwnRequest =
  | { kind: 'full'; row: NonNullable<Awaited<ReturnType<typeof ownRow>>> }
  | { kind: 'withheld'; code: string; status: 'open' | 'closed'; serviceCode: string; submittedAt: number; updatedAt: number };

function ownRow(db: Kysely<Database>, code: string, apiKeyId: number) {
  return requestRows(db).select(['c.privacy']).where('c.code', '=', code).where('c.api_key_id', '=', apiKeyId).executeTakeFirst();
}

export async function findOwnRequest(db: Kysely<Database>, rawCode: string, apiKeyId: number): Promise<OwnRequest | undefined> {
  const code = normaliseTrackingCode(rawCode);
  if (!code) return undefined;
  const row = await ownRow(db, code, apiKeyId);
  if (!row) return undefined;
  if (row.privacy === 'confidential') {
    return {
      kind: 'withheld',
      code: row.code,
      status: open311Status(row.state),
      serviceCode: row.service_code,
      submittedAt: Number(row.submitted_at),
      updatedAt: Number(row.updated_at),
    };
  }
  return { kind: 'full', row };
}

/** A withheld request in the spec's shape: every content field present and null. */
export function withheldRequest(r: Extract<OwnRequest, { kind: 'withheld' }>, w3c: (d: Date | null) => string | null) {
  return {
    service_request_id: r.code,
    status: r.status,
    status_notes: null,
    service_name: null,
    service_code: r.serviceCode,
    description: null,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: w3c(new Date(r.submittedAt)),
    updated_datetime: w3c(new Date(r.updatedAt)),
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}
