// Read models for pages: a complaint as the asking person may see it (policy applied here, once).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { fromDbTime } from '../db/values.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import * as repo from './complaints.repository.ts';
import { canSeeContent, canSeeInternal, canSeeReporter, canSeeReporterContact, isReporter } from './complaints.policy.ts';
import type { ComplaintState, Privacy } from './complaint-states.ts';

export interface ComplaintView {
  code: string;
  state: ComplaintState;
  /** The compare-and-set token a staff form carries back (src/server/workflow/workflow.service.ts). */
  version: number;
  privacy: Privacy;
  /** False: only existence and state may be shown (confidential or spam, without the right to see more). */
  full: boolean;
  internal: boolean;
  isReporter: boolean;
  title?: string;
  description?: string;
  categoryCode?: string;
  categoryName?: string;
  kecamatanCode?: string;
  kecamatanName?: string;
  kelurahanName?: string | null;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  departmentName?: string | null;
  /** The unit of the department handling it (a Suku Dinas, a UPT), if one: an office, not a person. */
  unitName?: string | null;
  rejectionReason?: string | null;
  duplicateOfCode?: string | null;
  reporterName?: string | null;
  reporterEmail?: string | null;
  reporterPhone?: string | null;
  submittedAt: Date;
  verificationDueAt: Date;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  photos: { url: string; thumbUrl: string; width: number; height: number }[];
  events: {
    at: Date;
    action: string;
    actorKind: string;
    fromState: string | null;
    toState: string;
    note: string;
    visibility: string;
    departmentName: string | null;
    /** Staff view only: the acting account's name and, for an assignment, the assignee's. */
    actorName?: string | null;
    assigneeName?: string | null;
  }[];
}

export async function getComplaintView(
  db: Db,
  code: string,
  viewer: { user: SessionUser | null; hasKey: (storedHash: string) => boolean; locale: Locale; requestId?: string },
): Promise<ComplaintView | null> {
  const c = await repo.findComplaintByCode(db, code);
  if (!c) return null;
  const key = viewer.hasKey(c.access_key_hash);
  const full = canSeeContent(viewer.user, c, key);
  const internal = canSeeInternal(viewer.user, c);
  const base: ComplaintView = {
    code: c.code,
    state: c.state,
    version: c.version,
    privacy: c.privacy,
    full,
    internal,
    isReporter: isReporter(viewer.user, c) || key,
    submittedAt: fromDbTime(c.submitted_at),
    verificationDueAt: fromDbTime(c.verification_due_at),
    responseDueAt: fromDbTime(c.response_due_at),
    resolutionDueAt: fromDbTime(c.resolution_due_at),
    photos: [],
    events: [],
  };
  if (!full) return base;
  const showReporter = canSeeReporter(viewer.user, c, key);
  const contact = canSeeReporterContact(viewer.user, c, key);
  // Staff opening a reporter's contact data is recorded, naming the complaint, for breach reports (UU PDP).
  if (contact && viewer.user && !isReporter(viewer.user, c) && (c.reporter_name || c.reporter_email || c.reporter_phone)) {
    await appendAudit(db, {
      actor: { id: viewer.user.id, role: viewer.user.role },
      action: 'complaint.contact_viewed',
      objectType: 'complaint',
      objectId: c.code,
      requestId: viewer.requestId,
      details: { reporter_user_id: c.reporter_user_id },
    });
  }
  const photos = await repo.listPhotos(db, c.id);
  const events = await repo.listEvents(db, c.id, { publicOnly: !internal });
  const people = internal ? await repo.listEventPeople(db, c.id) : null;
  return {
    ...base,
    title: c.title,
    description: c.description,
    categoryCode: c.category_code,
    categoryName: localized({ name_id: c.category_name_id, name_en: c.category_name_en }, 'name', viewer.locale),
    kecamatanCode: c.kecamatan_code,
    kecamatanName: c.kecamatan_name,
    kelurahanName: c.kelurahan_name,
    address: c.address,
    latitude: c.latitude === null ? null : Number(c.latitude),
    longitude: c.longitude === null ? null : Number(c.longitude),
    departmentName: c.department_name,
    unitName: c.unit_name,
    rejectionReason: c.rejection_reason,
    duplicateOfCode: c.duplicate_of_code,
    reporterName: showReporter ? c.reporter_name : null,
    reporterEmail: contact ? c.reporter_email : null,
    reporterPhone: contact ? c.reporter_phone : null,
    photos: photos.map((p) => ({
      url: `/complaints/${c.code}/photos/${p.file_name}`,
      thumbUrl: `/complaints/${c.code}/photos/${p.file_name}?size=thumb`,
      width: p.width,
      height: p.height,
    })),
    events: events.map((e) => ({
      at: fromDbTime(e.at),
      action: e.action,
      actorKind: e.actor_kind,
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      visibility: e.visibility,
      departmentName: e.department_name,
      ...(people ? people.get(Number(e.id)) : {}),
    })),
  };
}
