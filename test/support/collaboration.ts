// Fixtures of the collaboration tests (issue 26): a Dinas Sosial complaint ('bantuan-sosial' routes itself to
// DINSOS), staff of DINSOS (lead) and DINKES (supporter), and staff contexts at a given time.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import type { NewComplaintInput } from '../../src/server/complaints/complaints.schema.ts';
import { submitComplaint } from '../../src/server/complaints/complaints.service.ts';
import { createTestUser } from './users.ts';

export function asSessionUser(
  u: { id: number; email: string; role: SessionUser['role']; departmentId: number | null },
  name = 'Petugas',
): SessionUser {
  return {
    id: u.id,
    email: u.email,
    name,
    role: u.role,
    departmentId: u.departmentId,
    nip: null,
    affiliation: null,
    affiliationVerified: false,
    locale: 'id',
  } as SessionUser;
}

export async function staffOf(
  db: Kysely<Database>,
  departmentCode: string,
  role: 'officer' | 'manager',
  name?: string,
): Promise<SessionUser> {
  return asSessionUser(await createTestUser(db, { role, departmentCode, name }), name);
}

export function socialComplaint(over: Partial<NewComplaintInput> = {}): NewComplaintInput {
  return {
    category: 'bantuan-sosial',
    title: 'Lansia terlantar butuh bantuan',
    description: 'Seorang lansia tinggal sendiri, sakit dan tidak mendapat bantuan sosial maupun perawatan.',
    kecamatan: undefined,
    kelurahan: '16.71.01.1001',
    address: 'Jl. Contoh No. 5',
    latitude: undefined,
    longitude: undefined,
    privacy: 'public',
    show_name: false,
    name: 'Siti Pelapor',
    email: 'siti@example.test',
    phone: '+6281234567890',
    ...over,
  };
}

export async function fileSocial(
  db: Kysely<Database>,
  now: Date,
  calendar: WorkingCalendar,
  uploadDir: string,
  over: Partial<NewComplaintInput> = {},
): Promise<string> {
  const r = await submitComplaint(db, socialComplaint(over), [], {
    user: null,
    now,
    calendar,
    uploadDir,
    siteUrl: 'http://portal.test',
    locale: 'id',
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.code;
}
