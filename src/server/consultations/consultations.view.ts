// What the consultation pages and fragments show, assembled from the repositories for one viewer.
import type { Kysely } from 'kysely';
import type { Affiliation } from '../auth/auth.tables.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Database } from '../db/schema.ts';
import { fromDbBool } from '../db/values.ts';
import * as repo from './consultations.repository.ts';
import * as contributions from './contributions.repository.ts';
import { canManageConsultation, canParticipate, phaseOf, type ConsultationPhase } from './consultations.policy.ts';
import type { ListQuery } from './consultations.schema.ts';
import type { HideReason, Stance } from './consultations.tables.ts';

export interface ContributionView {
  id: number;
  consultationId: number;
  parentId: number | null;
  questionId: number | null;
  authorName: string;
  affiliation: Affiliation | null;
  affiliationVerified: boolean;
  /** Null when hidden from this viewer: the page shows a placeholder with the reason instead. */
  body: string | null;
  hidden: boolean;
  hiddenReason: HideReason | null;
  hiddenBy: 'reports' | 'moderator' | null;
  stance: Stance | null;
  endorsements: number;
  reports: number;
  createdAt: Date;
  endorsedByViewer: boolean;
  reportedByViewer: boolean;
  responses: { id: number; body: string; createdAt: Date; departmentName: string }[];
  tags: { id: number; code: string; name_id: string; name_en: string }[];
  replies: ContributionView[];
}

export interface ViewerRights {
  participate: boolean;
  manage: boolean;
  loggedIn: boolean;
}

export function rightsFor(viewer: SessionUser | null, c: repo.ConsultationRow, now: Date): ViewerRights {
  return { participate: canParticipate(viewer, c, now), manage: canManageConsultation(viewer, c), loggedIn: viewer !== null };
}

/** Builds contribution views with their replies, responses, tags and the viewer's own marks. */
export async function contributionViews(
  db: Kysely<Database>,
  rows: contributions.ContributionRow[],
  viewer: SessionUser | null,
  opts: { manage: boolean; withReplies: boolean },
): Promise<ContributionView[]> {
  const replies = opts.withReplies
    ? await contributions.listReplies(
        db,
        rows.map((r) => r.id),
      )
    : [];
  const all = [...rows, ...replies];
  const ids = all.map((r) => r.id);
  const [responses, tags, endorsed, reported] = await Promise.all([
    contributions.listResponses(db, ids),
    contributions.listTags(db, ids),
    viewer ? contributions.endorsedBy(db, viewer.id, ids) : Promise.resolve(new Set<number>()),
    viewer ? contributions.reportedBy(db, viewer.id, ids) : Promise.resolve(new Set<number>()),
  ]);
  const toView = (r: contributions.ContributionRow): ContributionView => {
    const hidden = fromDbBool(r.hidden);
    return {
      id: r.id,
      consultationId: r.consultation_id,
      parentId: r.parent_id,
      questionId: r.question_id,
      authorName: r.author_name,
      affiliation: r.affiliation,
      affiliationVerified: fromDbBool(r.affiliation_verified),
      // Hidden text never leaves the server for the public; the department's moderators still see it.
      body: hidden && !opts.manage ? null : r.body,
      hidden,
      hiddenReason: r.hidden_reason,
      hiddenBy: r.hidden_by,
      stance: r.stance,
      endorsements: Number(r.endorsement_count),
      reports: Number(r.report_count),
      createdAt: new Date(Number(r.created_at)),
      endorsedByViewer: endorsed.has(r.id),
      reportedByViewer: reported.has(r.id),
      responses: responses
        .filter((x) => x.contribution_id === r.id)
        .map((x) => ({ id: x.id, body: x.body, createdAt: new Date(Number(x.created_at)), departmentName: x.department_name })),
      tags: tags.filter((x) => x.contribution_id === r.id).map((x) => ({ id: x.id, code: x.code, name_id: x.name_id, name_en: x.name_en })),
      replies: [],
    };
  };
  return rows.map((r) => ({ ...toView(r), replies: replies.filter((x) => x.parent_id === r.id).map(toView) }));
}

export async function loadContributionView(
  db: Kysely<Database>,
  consultationId: number,
  id: number,
  viewer: SessionUser | null,
  manage: boolean,
) {
  const row = await contributions.findContribution(db, id);
  if (!row || row.consultation_id !== consultationId) return undefined;
  const top = row.parent_id ? await contributions.findContribution(db, row.parent_id) : row;
  if (!top) return undefined;
  const [view] = await contributionViews(db, [top], viewer, { manage, withReplies: true });
  return view;
}

export const PAGE_SIZE = 20;

export async function loadContributionList(
  db: Kysely<Database>,
  c: repo.ConsultationRow,
  viewer: SessionUser | null,
  q: ListQuery,
  opts: { offset: number; limit: number; manage: boolean },
) {
  const filter = { affiliation: q.affiliation, question: q.question };
  const [rows, total] = await Promise.all([
    contributions.listTopLevel(db, c.id, { ...filter, sort: q.sort, limit: opts.limit, offset: opts.offset }),
    contributions.countTopLevel(db, c.id, filter),
  ]);
  return { items: await contributionViews(db, rows, viewer, { manage: opts.manage, withReplies: true }), total };
}

export interface ParticipationRow {
  affiliation: Affiliation | null;
  byStance: Record<Stance, number>;
  total: number;
}

export interface ParticipationSummary {
  total: number;
  /** One row per affiliation that took part, most contributions first. */
  rows: ParticipationRow[];
  byStance: Record<Stance, number>;
}

const noStances = (): Record<Stance, number> => ({ setuju: 0, netral: 0, tidak_setuju: 0 });

export async function loadSummary(db: Kysely<Database>, consultationId: number): Promise<ParticipationSummary> {
  const counts = await contributions.participationSummary(db, consultationId);
  const rows = new Map<Affiliation | null, ParticipationRow>();
  const byStance = noStances();
  let total = 0;
  for (const r of counts) {
    const row = rows.get(r.affiliation) ?? { affiliation: r.affiliation, byStance: noStances(), total: 0 };
    row.total += r.n;
    total += r.n;
    if (r.stance) {
      row.byStance[r.stance] += r.n;
      byStance[r.stance] += r.n;
    }
    rows.set(r.affiliation, row);
  }
  return { total, rows: [...rows.values()].sort((a, b) => b.total - a.total), byStance };
}

export async function loadOutcome(db: Kysely<Database>, consultationId: number) {
  const commitments = await repo.listCommitments(db, consultationId);
  const updates = await repo.listCommitmentUpdates(
    db,
    commitments.map((m) => m.id),
  );
  return commitments.map((m) => ({ ...m, updates: updates.filter((u) => u.commitment_id === m.id) }));
}

export interface ConsultationListItem {
  id: number;
  title: string;
  summary: string;
  departmentName: string;
  phase: ConsultationPhase;
  opensAt: Date;
  closesAt: Date;
  contributions: number;
  /** Only for staff who manage it; null for everyone else. */
  awaitingModeration: number | null;
}

export async function loadConsultationLists(db: Kysely<Database>, viewer: SessionUser | null, now: Date) {
  const rows = await repo.listPublishedConsultations(db);
  const items: ConsultationListItem[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    departmentName: r.department_name,
    phase: phaseOf(r, now),
    opensAt: new Date(Number(r.opens_at)),
    closesAt: new Date(Number(r.closes_at)),
    contributions: Number(r.contribution_count ?? 0),
    awaitingModeration: canManageConsultation(viewer, r) ? Number(r.awaiting_moderation ?? 0) : null,
  }));
  const staffDept = viewer && (viewer.role === 'officer' || viewer.role === 'manager') ? viewer.departmentId : null;
  const drafts = viewer?.role === 'admin' ? await repo.listDrafts(db, null) : staffDept ? await repo.listDrafts(db, staffDept) : [];
  return {
    open: items.filter((i) => i.phase === 'open').sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime()),
    upcoming: items.filter((i) => i.phase === 'upcoming').sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime()),
    closed: items.filter((i) => i.phase === 'closed'),
    concluded: items.filter((i) => i.phase === 'concluded'),
    drafts,
  };
}
