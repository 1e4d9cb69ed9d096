// Row types of users and sessions (db/migrations/2026_11_22_1410_accounts.ts).
import type { Generated } from 'kysely';
import type { DbBool, DbTime } from '../db/values.ts';

export const ROLES = ['resident', 'officer', 'verifier', 'manager', 'hr', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const AFFILIATIONS = ['akademisi', 'praktisi', 'masyarakat', 'ormas_lsm', 'dunia_usaha', 'media'] as const;
export type Affiliation = (typeof AFFILIATIONS)[number];

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  name: string;
  phone: string | null;
  role: Role;
  department_id: number | null;
  nip: string | null;
  jabatan: string | null;
  affiliation: Affiliation | null;
  organisation: string | null;
  affiliation_verified: Generated<DbBool>;
  locale: Generated<string>;
  disabled_at: DbTime | null;
  erased_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
  // 2026_12_04_0700: set by an admin, makes an officer a counter clerk (petugas loket) and names the counter.
  counter_name: string | null;
  // 2026_12_05_0500: the unit of the department the staff member belongs to; null = the department as a whole.
  unit_id: Generated<number | null>;
}

export interface SessionsTable {
  id: string;
  secret_hash: string;
  user_id: number;
  created_at: DbTime;
  last_used_at: DbTime;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: DbTime;
  expires_at: DbTime;
  used_at: DbTime | null;
}

export interface AuthTables {
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
}
