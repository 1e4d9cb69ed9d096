// Row types of the complaint tables (db/migrations/2026_11_22_1600_complaints.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';
import type { ActorKind, Channel, ComplaintState, Privacy, RejectionReason } from './complaint-states.ts';

export interface ComplaintsTable {
  id: Generated<number>;
  code: string;
  access_key_hash: string;
  category_id: number;
  title: string;
  description: string;
  kecamatan_code: string;
  kelurahan_code: string | null;
  address: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  privacy: Privacy;
  show_name: Generated<DbBool>;
  reporter_user_id: number | null;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  department_id: number | null;
  assignee_user_id: number | null;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>;
  state: ComplaintState;
  rejection_reason: RejectionReason | null;
  duplicate_of_id: number | null;
  submitted_at: DbTime;
  verification_due_at: DbTime;
  assigned_at: DbTime | null;
  response_due_at: DbTime | null;
  resolution_due_at: DbTime | null;
  first_response_at: DbTime | null;
  resolved_at: DbTime | null;
  closed_at: DbTime | null;
  rejected_at: DbTime | null;
  reopened_count: Generated<number>;
  transfer_count: Generated<number>;
  updated_at: DbTime;
  // Added by the workflow migration (2026_11_22_1800).
  reporter_locale: Generated<string>;
  first_resolved_at: DbTime | null;
  last_reopened_at: DbTime | null;
  // Bumped by every workflow command that changes the row (2026_12_03_1000): the compare-and-set token.
  version: Generated<number>;
  // How it arrived (2026_12_04_0600): set at filing, never changed.
  channel: Generated<Channel>;
  // 2026_12_04_0700: the counter clerk who filed it for a resident (staff-only), and the Open311 key that filed it.
  filed_by_user_id: number | null;
  /** 2026_12_05_0500: the unit of the department handling it (units.ts); null = the department as a whole. */
  unit_id: Generated<number | null>;
  api_key_id: number | null;
}

export interface ComplaintEventsTable {
  id: Generated<number>;
  complaint_id: number;
  at: DbTime;
  actor_user_id: number | null;
  actor_kind: ActorKind;
  action: string;
  from_state: ComplaintState | null;
  to_state: ComplaintState;
  note: Generated<string>;
  visibility: 'public' | 'internal';
  department_id: number | null;
  details: Generated<string>;
}

export interface ComplaintPhotosTable {
  id: Generated<number>;
  complaint_id: number;
  file_name: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
  sort_order: Generated<number>;
  created_at: DbTime;
  source: Generated<'report' | 'resolution' | 'reporter'>;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  category_id: number;
  kecamatan_code: string;
  department_id: number;
  created_at: DbTime;
}

export interface ComplaintTables {
  complaints: ComplaintsTable;
  complaint_events: ComplaintEventsTable;
  complaint_photos: ComplaintPhotosTable;
  routing_rules: RoutingRulesTable;
}

/** One row per filed form (db/migrations/2026_12_03_1100_complaint_filings.ts). */
export interface ComplaintFilingsTable {
  form_id: string;
  complaint_id: number;
  /** Why the verifier should look twice ('fast': sent sooner than a person fills the form), or null. */
  suspect: string | null;
  created_at: DbTime;
}

export interface ComplaintTables {
  complaint_filings: ComplaintFilingsTable;
}
