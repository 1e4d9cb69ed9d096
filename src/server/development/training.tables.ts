// Row types of the training-cycle tables (db/migrations/2026_12_05_0100_training_cycle.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';
import type { CompetencyKind } from '../consultations/consultations.tables.ts';
import type { Jalur } from './development.tables.ts';

export const TRAINING_STATES = ['planned', 'running', 'completed', 'evaluated', 'cancelled'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];
export const PARTICIPANT_STATUSES = ['enrolled', 'completed', 'withdrawn'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
/** The manager's review of an action plan: diterapkan / sebagian / belum. */
export const ACTION_REVIEWS = ['applied', 'partly', 'not_yet'] as const;
export type ActionReview = (typeof ACTION_REVIEWS)[number];

export interface TrainingsTable {
  id: Generated<number>;
  department_id: number | null;
  plan_item_id: number | null;
  year: number;
  title: string;
  competency_id: number | null;
  kind: CompetencyKind;
  jalur: Jalur;
  bentuk: string;
  provider: string;
  starts_on: string;
  ends_on: string;
  jp: number;
  place: Generated<string>;
  capacity: number | null;
  state: Generated<TrainingState>;
  cancel_reason: Generated<string>;
  evaluation_survey_id: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface TrainingParticipantsTable {
  id: Generated<number>;
  training_id: number;
  user_id: number | null;
  nip: string;
  name: string;
  department_id: number | null;
  status: Generated<ParticipantStatus>;
  completed_at: DbTime | null;
  jp_credited: Generated<number>;
  certificate_no: Generated<string>;
  version: Generated<number>;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface TrainingTables {
  trainings: TrainingsTable;
  training_participants: TrainingParticipantsTable;
  training_attendance: { participant_id: number; day: string; present: Generated<DbBool>; recorded_by: number | null; recorded_at: DbTime };
  training_action_plans: {
    id: Generated<number>;
    participant_id: number;
    plan: string;
    written_at: DbTime;
    review_due_on: string;
    review: ActionReview | null;
    review_note: Generated<string>;
    reviewed_by: number | null;
    reviewed_at: DbTime | null;
    version: Generated<number>;
  };
  training_proposals: {
    id: Generated<number>;
    user_id: number;
    department_id: number;
    year: number;
    competency_id: number;
    reason: string;
    jalur: Jalur | null;
    created_at: DbTime;
  };
  training_plan_comments: { id: Generated<number>; plan_id: number; user_id: number | null; body: string; created_at: DbTime };
}
