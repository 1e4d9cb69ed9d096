// Row types of the development-priority tables (db/migrations/2026_12_01_1100_development.ts).
import type { Generated } from 'kysely';
import type { DbTime } from '../db/values.ts';
import type { CompetencyKind } from '../consultations/consultations.tables.ts';

export const PLAN_STATUSES = ['draft', 'final'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const JALUR = ['klasikal', 'nonklasikal'] as const;
export type Jalur = (typeof JALUR)[number];

/**
 * Forms of development per path, after Peraturan LAN 10/2018 (classroom and non-classroom
 * forms); the plan stores the code, the UI shows the name.
 */
export const BENTUK: Record<Jalur, readonly string[]> = {
  klasikal: ['pelatihan', 'bimbingan_teknis', 'seminar', 'workshop', 'kursus', 'sosialisasi'],
  nonklasikal: ['coaching', 'mentoring', 'e_learning', 'pelatihan_jarak_jauh', 'magang', 'patok_banding', 'komunitas_belajar', 'belajar_mandiri'],
};

export interface CategoryCompetenciesTable {
  category_id: number;
  competency_id: number;
  created_at: DbTime;
}

export interface TrainingPlansTable {
  id: Generated<number>;
  department_id: number;
  year: number;
  status: Generated<PlanStatus>;
  officer_count: number;
  basis: Generated<string>;
  created_by: number | null;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface TrainingPlanItemsTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  competency_id: number | null;
  kind: CompetencyKind;
  target: string;
  target_count: number;
  jalur: Jalur;
  bentuk: string;
  jp: number;
  provider: Generated<string>;
  schedule: Generated<string>;
  curriculum: Generated<string>;
  /** Rupiah; null = not yet estimated. */
  budget: number | null;
  gap_score: Generated<string>;
  notes: Generated<string>;
  updated_at: DbTime;
}

export interface DevelopmentTables {
  category_competencies: CategoryCompetenciesTable;
  training_plans: TrainingPlansTable;
  training_plan_items: TrainingPlanItemsTable;
}
