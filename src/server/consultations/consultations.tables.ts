// Row types of the consultation tables (db/migrations/2026_11_22_1700_consultations.ts).
import type { Generated } from 'kysely';
import type { Affiliation } from '../auth/auth.tables.ts';
import type { DbBool, DbTime } from '../db/values.ts';

export const CONSULTATION_STATES = ['draft', 'open', 'closed', 'concluded'] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number];
export const STANCES = ['setuju', 'netral', 'tidak_setuju'] as const;
export type Stance = (typeof STANCES)[number];
export const REPORT_REASONS = ['spam', 'menyinggung', 'tidak_relevan'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const HIDE_REASONS = ['spam', 'menyinggung', 'tidak_relevan', 'data_pribadi', 'lainnya'] as const;
export type HideReason = (typeof HIDE_REASONS)[number];
export const COMPETENCY_KINDS = ['teknis', 'manajerial', 'sosial_kultural'] as const;
export type CompetencyKind = (typeof COMPETENCY_KINDS)[number];
export const COMMITMENT_STATUSES = ['direncanakan', 'berjalan', 'selesai', 'dibatalkan'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export interface ConsultationsTable {
  id: Generated<number>;
  department_id: number;
  title: string;
  summary: string;
  body: string;
  target_groups: Generated<string>;
  opens_at: DbTime;
  closes_at: DbTime;
  state: Generated<ConsultationState>;
  outcome_summary: string | null;
  created_by: number | null;
  published_at: DbTime | null;
  closed_at: DbTime | null;
  concluded_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface ConsultationQuestionsTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  prompt: string;
}

export interface ContributionsTable {
  id: Generated<number>;
  consultation_id: number;
  question_id: number | null;
  parent_id: number | null;
  author_user_id: number;
  affiliation: Affiliation | null;
  affiliation_verified: Generated<DbBool>;
  body: string;
  stance: Stance | null;
  endorsement_count: Generated<number>;
  report_count: Generated<number>;
  hidden: Generated<DbBool>;
  hidden_reason: HideReason | null;
  hidden_by: 'reports' | 'moderator' | null;
  hidden_at: DbTime | null;
  moderated_at: DbTime | null;
  created_at: DbTime;
}

export interface ContributionEndorsementsTable {
  contribution_id: number;
  user_id: number;
  created_at: DbTime;
}

export interface ContributionReportsTable {
  id: Generated<number>;
  contribution_id: number;
  user_id: number;
  reason: ReportReason;
  created_at: DbTime;
}

export interface ModerationDecisionsTable {
  id: Generated<number>;
  contribution_id: number;
  moderator_user_id: number;
  action: 'hide' | 'restore';
  reason: HideReason | 'tidak_melanggar';
  note: Generated<string>;
  created_at: DbTime;
}

export interface OfficialResponsesTable {
  id: Generated<number>;
  contribution_id: number;
  department_id: number;
  author_user_id: number;
  body: string;
  created_at: DbTime;
}

export interface CompetenciesTable {
  id: Generated<number>;
  code: string;
  name_id: string;
  name_en: string;
  kind: CompetencyKind;
  active: Generated<DbBool>;
  created_at: DbTime;
}

export interface ContributionCompetenciesTable {
  contribution_id: number;
  competency_id: number;
  tagged_by: number | null;
  created_at: DbTime;
}

export interface ConsultationFollowsTable {
  consultation_id: number;
  user_id: number;
  created_at: DbTime;
}

export interface ConsultationCommitmentsTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  text: string;
  owner: string;
  due_date: string;
  status: Generated<CommitmentStatus>;
  progress: Generated<number>;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface CommitmentUpdatesTable {
  id: Generated<number>;
  commitment_id: number;
  status: CommitmentStatus;
  progress: number;
  note: Generated<string>;
  author_user_id: number | null;
  created_at: DbTime;
}

export interface ConsultationTables {
  consultations: ConsultationsTable;
  consultation_questions: ConsultationQuestionsTable;
  contributions: ContributionsTable;
  contribution_endorsements: ContributionEndorsementsTable;
  contribution_reports: ContributionReportsTable;
  moderation_decisions: ModerationDecisionsTable;
  official_responses: OfficialResponsesTable;
  competencies: CompetenciesTable;
  contribution_competencies: ContributionCompetenciesTable;
  consultation_follows: ConsultationFollowsTable;
  consultation_commitments: ConsultationCommitmentsTable;
  commitment_updates: CommitmentUpdatesTable;
}
