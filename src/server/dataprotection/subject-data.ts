// Builds the download of "my data": plain JSON-ready objects with ISO dates, for the JSON file and
// the printable page alike. Only the subject's own records; others appear as ids at most.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fromDbTime } from '../db/values.ts';
import * as repo from './subject-data.repository.ts';
import { followsOfUser } from '../follows/follows.repository.ts';
import { subscriptionsOfUser } from '../follows/alerts.repository.ts';

const iso = (v: number | string | bigint | null | undefined) =>
  v === null || v === undefined ? null : fromDbTime(v as number).toISOString();

export interface SubjectData {
  generatedAt: string;
  profile: Record<string, unknown> | null;
  complaints: Record<string, unknown>[];
  contributions: Record<string, unknown>[];
  endorsements: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  follows: Record<string, unknown>[];
  /** The reporter's ratings (score and comment) of their resolved complaints. */
  ratings: Record<string, unknown>[];
  dataRequests: Record<string, unknown>[];
}

async function complaintsWithTimeline(db: Kysely<Database>, rows: Awaited<ReturnType<typeof repo.complaintsOfUser>>, siteUrl: string) {
  const ids = rows.map((r) => r.id);
  const events = await repo.publicEvents(db, ids);
  const photos = await repo.photos(db, ids);
  return rows.map((c) => ({
    code: c.code,
    url: `${siteUrl}/complaints/${c.code}`,
    title: c.title,
    description: c.description,
    category: c.category_name,
    department: c.department,
    kecamatan: c.kecamatan,
    kelurahan: c.kelurahan,
    address: c.address,
    latitude: c.latitude === null ? null : Number(c.latitude),
    longitude: c.longitude === null ? null : Number(c.longitude),
    privacy: c.privacy,
    showName: Number(c.show_name) === 1,
    reporterName: c.reporter_name,
    reporterEmail: c.reporter_email,
    reporterPhone: c.reporter_phone,
    state: c.state,
    submittedAt: iso(c.submitted_at),
    assignedAt: iso(c.assigned_at),
    firstResponseAt: iso(c.first_response_at),
    resolvedAt: iso(c.resolved_at),
    closedAt: iso(c.closed_at),
    rejectedAt: iso(c.rejected_at),
    photos: photos
      .filter((p) => p.complaint_id === c.id)
      .map((p) => ({
        url: `${siteUrl}/complaints/${c.code}/photos/${p.file_name}`,
        contentType: p.content_type,
        width: p.width,
        height: p.height,
        bytes: p.bytes,
        createdAt: iso(p.created_at),
      })),
    timeline: events
      .filter((e) => e.complaint_id === c.id)
      .map((e) => ({ at: iso(e.at), actor: e.actor_kind, action: e.action, fromState: e.from_state, toState: e.to_state, note: e.note })),
  }));
}

/** Everything held about an account. */
export async function collectUserData(db: Kysely<Database>, userId: number, siteUrl: string, now: Date): Promise<SubjectData> {
  const p = await repo.profileOf(db, userId);
  const own = await repo.complaintsOfUser(db, userId);
  const complaints = await complaintsWithTimeline(db, own, siteUrl);
  return {
    generatedAt: now.toISOString(),
    profile: p
      ? {
          email: p.email,
          name: p.name,
          phone: p.phone,
          role: p.role,
          affiliation: p.affiliation,
          affiliationVerified: Number(p.affiliation_verified) === 1,
          organisation: p.organisation,
          language: p.locale,
          createdAt: iso(p.created_at),
          updatedAt: iso(p.updated_at),
        }
      : null,
    complaints,
    contributions: (await repo.contributionsOf(db, userId)).map((c) => ({
      id: c.id,
      consultationId: c.consultation_id,
      consultation: c.consultation_title,
      replyTo: c.parent_id,
      text: c.body,
      stance: c.stance,
      affiliation: c.affiliation,
      endorsements: c.endorsement_count,
      hidden: Number(c.hidden) === 1,
      createdAt: iso(c.created_at),
    })),
    endorsements: (await repo.endorsementsOf(db, userId)).map((e) => ({
      contributionId: e.contribution_id,
      consultationId: e.consultation_id,
      createdAt: iso(e.created_at),
    })),
    reports: (await repo.reportsOf(db, userId)).map((r) => ({
      contributionId: r.contribution_id,
      consultationId: r.consultation_id,
      reason: r.reason,
      createdAt: iso(r.created_at),
    })),
    follows: [
      ...(await repo.followsOf(db, userId)).map((f) => ({
        consultationId: f.consultation_id,
        consultation: f.consultation_title,
        createdAt: iso(f.created_at),
      })),
      ...(await followsOfUser(db, userId)).map((f) => ({ complaint: f.code, createdAt: iso(f.created_at) })),
      ...(await subscriptionsOfUser(db, userId)).map((a) => ({
        alertEmail: a.email,
        kecamatan: a.kecamatan_code,
        kelurahan: a.kelurahan_code,
        category: a.category_code,
        createdAt: iso(a.created_at),
        confirmedAt: iso(a.confirmed_at),
      })),
    ],
    ratings: await ratings(
      db,
      own.map((c) => c.id),
    ),
    dataRequests: await requests(db, 'user', String(userId)),
  };
}

/** Everything held about one complaint's reporter (no account). */
export async function collectComplaintData(db: Kysely<Database>, code: string, siteUrl: string, now: Date): Promise<SubjectData> {
  const rows = await repo.complaintByCode(db, code);
  return {
    generatedAt: now.toISOString(),
    profile: null,
    complaints: await complaintsWithTimeline(db, rows, siteUrl),
    contributions: [],
    endorsements: [],
    reports: [],
    follows: [],
    ratings: await ratings(
      db,
      rows.map((c) => c.id),
    ),
    dataRequests: await requests(db, 'complaint', code),
  };
}

async function ratings(db: Kysely<Database>, complaintIds: number[]) {
  return (await repo.ratingsOf(db, complaintIds)).map((r) => ({
    complaint: r.code,
    score: Number(r.score),
    comment: r.comment,
    ratedAt: iso(r.rated_at),
  }));
}

async function requests(db: Kysely<Database>, type: 'user' | 'complaint', id: string) {
  return (await repo.requestsOf(db, type, id)).map((r) => ({
    kind: r.kind,
    state: r.state,
    receivedAt: iso(r.received_at),
    dueAt: iso(r.due_at),
    completedAt: iso(r.completed_at),
  }));
}
