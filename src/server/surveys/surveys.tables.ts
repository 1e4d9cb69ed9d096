// Row types of the survey engine (db/migrations/2026_12_04_0300_surveys.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';
import type { QuestionKind } from './questions.ts';

export type SurveyKind = 'general' | 'skm';
export type SurveyAudience = 'public' | 'residents' | 'invited';
export type SurveyState = 'draft' | 'open' | 'closed';
export type FollowUpStatus = 'planned' | 'in_progress' | 'done';

export interface SurveysTable {
  id: Generated<number>;
  department_id: number | null;
  kind: SurveyKind;
  title: string;
  intro: Generated<string>;
  audience: SurveyAudience;
  state: Generated<SurveyState>;
  opens_on: string | null;
  closes_on: string | null;
  period: string | null;
  population: number | null;
  copied_from: number | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface SurveyQuestionsTable {
  id: Generated<number>;
  survey_id: number;
  section_id: number;
  position: number;
  kind: QuestionKind;
  label: string;
  help: Generated<string>;
  /** JSON array of the choices. */
  options: Generated<string>;
  scale_max: number | null;
  scale_low: Generated<string>;
  scale_high: Generated<string>;
  show_if_question_id: number | null;
  show_if_value: string | null;
  code: string | null;
  required: Generated<DbBool>;
}

export interface SurveyTables {
  surveys: SurveysTable;
  survey_sections: { id: Generated<number>; survey_id: number; position: number; title: string; intro: Generated<string> };
  survey_questions: SurveyQuestionsTable;
  survey_responses: { id: Generated<number>; survey_id: number; submitted_on: string; form_id: string | null };
  survey_answers: { id: Generated<number>; response_id: number; question_id: number; value: string };
  survey_participants: { survey_id: number; user_id: number };
  survey_invitations: { id: Generated<number>; survey_id: number; token_hash: string; used_on: string | null; created_on: string };
  skm_follow_ups: {
    id: Generated<number>;
    survey_id: number;
    unsur: string;
    action: string;
    target_date: string | null;
    status: Generated<FollowUpStatus>;
    version: Generated<number>;
    updated_at: DbTime;
    published: Generated<DbBool>;
  };
  skm_complaint_invites: { complaint_id: number; created_at: DbTime };
}
