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
  nonklasikal: [
    'coaching',
    'mentoring',
    'e_learning',
    'pelatihan_jarak_jauh',
    'magang',
    'patok_banding',
    'komunitas_belajar',
    'belajar_mandiri',
  ],
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
  /** 2026_12_05_0300: bumped on every change of the plan, its groups or items (compare-and-set). */
  version: Generated<number>;
}

/** A named target group of a plan with its head count (2026_12_05_0300_plan_target_groups.ts). */
export interface TrainingPlanGroupsTable {
  id: Generated<number>;
  plan_id: number;
  name: string;
  head_count: number;
  created_at: DbTime;
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
  /** null: every PNS of the department (or, with NIPs, the PNS in no named group). */
  target_group_id: number | null;
  /** Named PNS, NIPs separated by spaces; '' = the whole group (or everyone). */
  target_nips: Generated<string>;
}

export interface DevelopmentTables {
  category_competencies: CategoryCompetenciesTable;
  training_plans: TrainingPlansTable;
  training_plan_items: TrainingPlanItemsTable;
  training_plan_groups: TrainingPlanGroupsTable;
}
