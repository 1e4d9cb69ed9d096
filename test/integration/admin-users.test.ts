// The admin's user management over HTTP (create staff, edit, change role, disable/enable, verify an
// affiliation, search), its audit trail and the audit page; plus `cli create-user` and `cli departments`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/auth/password.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { getPage, postForm } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';

let db: TestDb;
let server: RunningServer;
let adminCookie: string;
let adminId: number;
const root = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
  const admin = await createTestUser(db.db, { role: 'admin' });
  adminId = admin.id;
  adminCookie = await sessionCookie(db.db, admin.id);
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

const staff = (over: Record<string, string> = {}) => ({
  email: 'andi.pupr@palembang.test',
  password: 'jembatan-ampera-1965',
  name: 'Andi Wijaya',
  role: 'officer',
  departmentCode: 'PUPR',
  nip: '198001012006041001',
  jabatan: 'Pengelola Pengaduan',
  phone: '',
  ...over,
});

async function actions(objectId: number) {
  return await db.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'actor_user_id'])
    .where('object_type', '=', 'user')
    .where('object_id', '=', String(objectId))
    .orderBy('id')
    .execute();
}

describe(`admin users (${dialectName})`, () => {
  let officerId: number;

  it('validates the staff form: NIP of 18 digits, a department for officers, a strong password', async () => {
    const badNip = await postForm(server.url, '/admin/users/new', staff({ nip: '12345' }), { cookie: adminCookie });
    expect(badNip.status).toBe(422);
    expect(badNip.html).toContain('NIP harus 18 angka');
    expect(badNip.html).toContain('value="Andi Wijaya"');
    const noDept = await postForm(server.url, '/admin/users/new', staff({ departmentCode: '' }), { cookie: adminCookie });
    expect(noDept.status).toBe(422);
    expect(noDept.html).toContain('harus memiliki satu dinas');
    const weak = await postForm(server.url, '/admin/users/new', staff({ password: 'qwerty123' }), { cookie: adminCookie });
    expect(weak.status).toBe(422);
    expect(await db.db.selectFrom('users').select('id').where('email', '=', 'andi.pupr@palembang.test').executeTakeFirst()).toBeUndefined();
  });

  it('creates an officer of a department, who can then log in and lands on the inbox', async () => {
    const r = await postForm(server.url, '/admin/users/new', staff(), { cookie: adminCookie });
    expect(r.status).toBe(303);
    officerId = Number(/\/admin\/users\/(\d+)/.exec(r.location!)![1]);
    const row = await db.db
      .selectFrom('users')
      .innerJoin('departments', 'departments.id', 'users.department_id')
      .select(['users.role', 'users.nip', 'users.jabatan', 'departments.code'])
      .where('users.id', '=', officerId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'officer', nip: '198001012006041001', jabatan: 'Pengelola Pengaduan', code: 'PUPR' });
    const page = await getPage(server.url, r.location!, { cookie: adminCookie });
    expect(page.html).toContain('Akun sudah dibuat');
    const login = await postForm(server.url, '/login', { email: 'andi.pupr@palembang.test', password: 'jembatan-ampera-1965' });
    expect(login.location).toBe('/staff/inbox');
    const created = (await actions(officerId)).find((a) => a.action === 'user.created');
    expect(created?.actor_user_id).toBe(adminId);
    expect(created?.details).not.toContain('Andi');
    const dup = await postForm(server.url, '/admin/users/new', staff({ email: 'lain@palembang.test' }), { cookie: adminCookie });
    expect(dup.status).toBe(422);
    expect(dup.html).toContain('NIP ini sudah dipakai');
  });

  it('lists and searches users by name, email or NIP', async () => {
    const byName = await getPage(server.url, '/admin/users?q=wijaya', { cookie: adminCookie });
    expect(byName.html).toContain('Andi Wijaya');
    const byNip = await getPage(server.url, '/admin/users?q=198001012006041001', { cookie: adminCookie });
    expect(byNip.html).toContain('Andi Wijaya');
    const other = await getPage(server.url, '/admin/users?q=tidak-ada-orang-ini', { cookie: adminCookie });
    expect(other.html).not.toContain('Andi Wijaya');
    expect(other.html).toContain('Tidak ada pengguna yang cocok');
    const byRole = await getPage(server.url, '/admin/users?role=verifier', { cookie: adminCookie });
    expect(byRole.html).not.toContain('Andi Wijaya');
  });

  it('changes the role (audited as a role change) and the new role takes effect at the next login', async () => {
    const cookie = await sessionCookie(db.db, officerId);
    const r = await postForm(
      server.url,
      `/admin/users/${officerId}`,
      { intent: 'save', ...staff({ role: 'manager', jabatan: 'Kepala Bidang' }) },
      { cookie: adminCookie },
    );
    expect(r.status).toBe(303);
    const row = await db.db.selectFrom('users').select(['role', 'jabatan']).where('id', '=', officerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'manager', jabatan: 'Kepala Bidang' });
    const a = await actions(officerId);
    const change = a.find((x) => x.action === 'user.role_changed');
    expect(JSON.parse(change!.details)).toEqual({ from: 'officer', to: 'manager' });
    expect(a.map((x) => x.action)).toContain('user.updated');
    expect((await getPage(server.url, '/me', { cookie })).status).toBe(303);
    // Moving to a role without a department drops it.
    await postForm(
      server.url,
      `/admin/users/${officerId}`,
      { intent: 'save', ...staff({ role: 'verifier', departmentCode: '' }) },
      { cookie: adminCookie },
    );
    expect(await db.db.selectFrom('users').select(['role', 'department_id']).where('id', '=', officerId).executeTakeFirstOrThrow()).toEqual(
      { role: 'verifier', department_id: null },
    );
  });

  it('disabling ends all the user’s sessions at once; enabling lets them log in again', async () => {
    const u = await createTestUser(db.db, { role: 'hr' });
    const c1 = await sessionCookie(db.db, u.id);
    const c2 = await sessionCookie(db.db, u.id);
    const r = await postForm(server.url, `/admin/users/${u.id}`, { intent: 'disable' }, { cookie: adminCookie });
    expect(r.status).toBe(303);
    expect((await getPage(server.url, r.location!, { cookie: adminCookie })).html).toContain('semua sesinya berakhir');
    for (const c of [c1, c2]) expect((await getPage(server.url, '/me', { cookie: c })).status).toBe(303);
    expect(await db.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    const list = await getPage(server.url, '/admin/users?status=disabled', { cookie: adminCookie });
    expect(list.html).toContain(u.email);
    await postForm(server.url, `/admin/users/${u.id}`, { intent: 'enable' }, { cookie: adminCookie });
    const login = await postForm(server.url, '/login', { email: u.email, password: 'kata-sandi-uji-123' });
    expect(login.status).toBe(303);
    expect((await actions(u.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']));
  });

  it('an admin cannot disable themselves or change their own role', async () => {
    const r = await postForm(server.url, `/admin/users/${adminId}`, { intent: 'disable' }, { cookie: adminCookie });
    expect(r.status).toBe(422);
    expect((await getPage(server.url, '/admin', { cookie: adminCookie })).status).toBe(200);
  });

  it('marks a stakeholder’s affiliation verified', async () => {
    const s = await createTestUser(db.db, { affiliation: 'ormas_lsm', organisation: 'Yayasan Contoh' });
    const r = await postForm(server.url, `/admin/users/${s.id}`, { intent: 'verify' }, { cookie: adminCookie });
    expect(r.status).toBe(303);
    const row = await db.db.selectFrom('users').select('affiliation_verified').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(Number(row.affiliation_verified)).toBe(1);
    expect((await actions(s.id)).map((a) => a.action)).toContain('user.affiliation_verified');
    // Editing the affiliation afterwards needs verifying again.
    const cookie = await sessionCookie(db.db, s.id);
    await postForm(
      server.url,
      '/me/profile',
      { name: 'Pengguna Uji', phone: '', affiliation: 'media', organisation: 'Koran Contoh', locale: 'id' },
      { cookie },
    );
    const after = await db.db
      .selectFrom('users')
      .select(['affiliation', 'affiliation_verified'])
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect({ ...after, affiliation_verified: Number(after.affiliation_verified) }).toEqual({
      affiliation: 'media',
      affiliation_verified: 0,
    });
  });

  it('other roles cannot use the admin forms', async () => {
    const verifier = await createTestUser(db.db, { role: 'verifier' });
    const cookie = await sessionCookie(db.db, verifier.id);
    const r = await postForm(server.url, '/admin/users/new', staff({ email: 'x@palembang.test', nip: '' }), { cookie });
    expect(r.status).toBe(404);
    const d = await postForm(server.url, `/admin/users/${adminId}`, { intent: 'disable' }, { cookie });
    expect(d.status).toBe(404);
    expect(await db.db.selectFrom('users').select('id').where('email', '=', 'x@palembang.test').executeTakeFirst()).toBeUndefined();
  });

  it('lists the audit log with filters and pages', async () => {
    const all = await getPage(server.url, '/admin/audit', { cookie: adminCookie });
    expect(all.status).toBe(200);
    expect(all.html).toContain('user.created');
    const roleChanges = await getPage(server.url, '/admin/audit?action=user.role_changed', { cookie: adminCookie });
    expect(roleChanges.html).toContain('user.role_changed');
    expect(roleChanges.html).not.toContain('<code>user.created</code>');
    const byActor = await getPage(server.url, `/admin/audit?actor=${adminId}&objectType=user&objectId=${officerId}`, {
      cookie: adminCookie,
    });
    expect(byActor.html).toContain('user.created');
    // Names and roles, local time, details as fields (not raw JSON).
    const adminName = (await db.db.selectFrom('users').select('name').where('id', '=', adminId).executeTakeFirstOrThrow()).name;
    expect(byActor.html).toContain(`>${adminName}</a> <span class="muted">(Administrator sistem)</span>`);
    expect(byActor.html).toMatch(/WIB<\/time>/);
    expect(byActor.html).not.toMatch(/<code>\{/);
    expect(byActor.html).not.toContain('auth.login');
    const future = await getPage(server.url, '/admin/audit?from=2099-01-01', { cookie: adminCookie });
    expect(future.html).toContain('Tidak ada catatan yang cocok');
    const today = new Date().toISOString().slice(0, 10);
    expect((await getPage(server.url, `/admin/audit?from=${today}&to=${today}`, { cookie: adminCookie })).html).toContain('user.created');
    const bad = await getPage(server.url, '/admin/audit?from=kemarin', { cookie: adminCookie });
    expect(bad.status).toBe(422);
    // Pages of 50: make sure there are more than 50 entries, then follow "older".
    const { appendAudit } = await import('../../src/server/audit/audit.repository.ts');
    for (let i = 0; i < 55; i++) await appendAudit(db.db, { action: 'test.filler', objectType: 'test', objectId: i });
    const p1 = await getPage(server.url, '/admin/audit?action=test.filler', { cookie: adminCookie });
    expect(p1.html).toContain('page=2');
    expect(p1.html.match(/<code>test\.filler<\/code>/g)).toHaveLength(50);
    const p2 = await getPage(server.url, '/admin/audit?action=test.filler&page=2', { cookie: adminCookie });
    expect(p2.html.match(/<code>test\.filler<\/code>/g)).toHaveLength(5);
  });
});

describe(`cli (${dialectName})`, () => {
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, [path.join(root, 'src/cli/index.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
    );

  it('lists department codes and names', async () => {
    const r = await cli('departments');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PUPR\s+Dinas Pekerjaan Umum dan Penataan Ruang Kota Palembang$/m);
    expect(r.out).toMatch(/^DINKES\s+Dinas Kesehatan Kota Palembang$/m);
  });

  it('creates staff users and refuses bad input with a message naming the option', async () => {
    const ok = await cli(
      'create-user',
      '--email',
      'Rudi@Palembang.test',
      '--password',
      'sungai-musi-panjang',
      '--role',
      'manager',
      '--department',
      'dinkes',
      '--nip',
      '197505052000031002',
      '--name',
      'Rudi Hartono',
    );
    expect(ok.code, ok.err).toBe(0);
    const row = await db.db
      .selectFrom('users')
      .innerJoin('departments', 'departments.id', 'users.department_id')
      .select(['users.role', 'users.name', 'users.password_hash', 'departments.code'])
      .where('users.email', '=', 'rudi@palembang.test')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'manager', name: 'Rudi Hartono', code: 'DINKES' });
    expect(await verifyPassword(row.password_hash, 'sungai-musi-panjang')).toBe(true);
    const noDept = await cli('create-user', '--email', 'x1@palembang.test', '--password', 'sungai-musi-panjang', '--role', 'officer');
    expect(noDept.code).not.toBe(0);
    expect(noDept.err).toContain('--department');
    const unknownDept = await cli(
      'create-user',
      '--email',
      'x2@palembang.test',
      '--password',
      'sungai-musi-panjang',
      '--role',
      'officer',
      '--department',
      'NOPE',
    );
    expect(unknownDept.code).not.toBe(0);
    expect(unknownDept.err).toContain('unknown department');
    const badNip = await cli(
      'create-user',
      '--email',
      'x3@palembang.test',
      '--password',
      'sungai-musi-panjang',
      '--role',
      'verifier',
      '--nip',
      '123',
    );
    expect(badNip.err).toContain('--nip');
    const common = await cli('create-user', '--email', 'x4@palembang.test', '--password', 'password123', '--role', 'admin');
    expect(common.err).toContain('--password');
    const resident = await cli('create-user', '--email', 'x5@palembang.test', '--password', 'sungai-musi-panjang', '--role', 'resident');
    expect(resident.err).toContain('--role');
    expect(await db.db.selectFrom('users').select('id').where('email', 'like', 'x%@palembang.test').execute()).toEqual([]);
  });
});
