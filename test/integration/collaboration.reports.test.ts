// Collaboration figures from the database against a hand-computed fixture (issue 26): /reports' section and
// the league's "Kolaborasi" column, an officer's "Kerja sama" evidence with the minimum-sample safeguard,
// the lead's list of late supporting tasks, and the development priorities' coordination evidence.
//
// Fixture: five tasks Dinas Sosial asked of Dinas Kesehatan, requested Monday 2 November 2026 00:00 WIB,
// due Friday 6 November 00:00 (no holidays that week):
//   1 accepted Tue, done Wed (on time)       2 accepted Wed, done next Mon (late)
//   3 declined Tue (before due: no miss)     4 declined Sat (after due: a miss)     5 accepted Thu, still open (a miss)
// Dinas Kesehatan: asked of 5, given 2, declined 2, on time 1 of 4; accept 1, 2, 3 working days → median 2,0;
// complete 2 and 5 → median 3,5. Dinas Sosial: requested 5; late tasks 2, 4, 5. Officer (tasks 1, 2): done 2,
// on time below the minimum sample of 10 → "data belum cukup".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createTestUser, sessionCookie } from '../support/users.ts';
import { loadCalendar } from '../../src/server/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../src/server/calendar/calendar.ts';
import { collaborationReport, coordinationEvidence, officerCollaboration } from '../../src/server/collaboration/support-report.ts';

let db: TestDb;
let server: RunningServer;
let calendar: WorkingCalendar;
let officerId: number;
let hrCookie: string;
let dinkes: number;
let dinsos: number;
const NIP = '199303032020121003';
const t0 = Date.parse('2026-11-02T00:00:00+07:00');
const d = (n: number) => t0 + n * 86_400_000;
const from = Date.parse('2026-11-01T00:00:00+07:00');
const to = Date.parse('2026-12-01T00:00:00+07:00');
const now = Date.parse('2026-12-02T12:00:00+07:00');
const codes = ['PLG-26-KOLAB1', 'PLG-26-KOLAB2', 'PLG-26-KOLAB3', 'PLG-26-KOLAB4', 'PLG-26-KOLAB5'];

beforeAll(async () => {
  db = await createTestDb();
  calendar = await loadCalendar(db.db, 'Asia/Jakarta');
  dinkes = (await db.db.selectFrom('departments').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow()).id;
  dinsos = (await db.db.selectFrom('departments').select('id').where('code', '=', 'DINSOS').executeTakeFirstOrThrow()).id;
  officerId = (await createTestUser(db.db, { role: 'officer', departmentCode: 'DINKES', nip: NIP, name: 'Petugas Dinkes Uji' })).id;
  hrCookie = await sessionCookie(db.db, (await createTestUser(db.db, { role: 'hr' })).id);
  const category = await db.db.selectFrom('categories').select('id').where('code', '=', 'bantuan-sosial').executeTakeFirstOrThrow();
  const tasks: { state: 'done' | 'declined' | 'accepted'; acceptedAt: number | null; endedAt: number | null; assignee: number | null }[] = [
    { state: 'done', acceptedAt: d(1), endedAt: d(2), assignee: officerId },
    { state: 'done', acceptedAt: d(2), endedAt: d(7), assignee: officerId },
    { state: 'declined', acceptedAt: null, endedAt: d(1), assignee: null },
    { state: 'declined', acceptedAt: null, endedAt: d(5), assignee: null },
    { state: 'accepted', acceptedAt: d(3), endedAt: null, assignee: null },
  ];
  for (const [i, task] of tasks.entries()) {
    const c = await db.db
      .insertInto('complaints')
      .values({
        code: codes[i]!,
        access_key_hash: 'k'.repeat(64),
        category_id: category.id,
        title: `Uji kolaborasi ${i + 1}`,
        description: 'Uji kolaborasi antar dinas',
        kecamatan_code: '16.71.01',
        kelurahan_code: '16.71.01.1001',
        privacy: 'public',
        state: 'in_progress',
        department_id: dinsos,
        submitted_at: d(-1),
        verification_due_at: d(2),
        assigned_at: d(-1),
        response_due_at: d(5),
        resolution_due_at: d(20),
        updated_at: d(0),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.db
      .insertInto('support_requests')
      .values({
        complaint_id: c.id,
        lead_department_id: dinsos,
        supporting_department_id: dinkes,
        task: 'Uji tugas dukungan',
        due_at: d(4),
        state: task.state,
        assignee_user_id: task.assignee,
        requested_at: d(0),
        accepted_at: task.acceptedAt,
        ended_at: task.endedAt,
        updated_at: task.endedAt ?? d(0),
      })
      .execute();
  }
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`collaboration figures from the database (${dialectName})`, () => {
  it('per department, the late tasks the lead sees, and the pairs', async () => {
    const r = await collaborationReport(db.db, { from, to, now, scope: {}, calendar });
    const kes = r.departments.find((x) => x.code === 'DINKES')!.figures;
    expect(kes).toMatchObject({ requested: 0, askedOf: 5, given: 2, declined: 2, onTime: { numerator: 1, n: 4, value: 0.25 } });
    expect(kes.timeToAccept).toMatchObject({ n: 3, median: 2 });
    expect(kes.timeToComplete).toMatchObject({ n: 2, median: 3.5 });
    expect(r.departments.find((x) => x.code === 'DINSOS')!.figures).toMatchObject({ requested: 5, askedOf: 0 });
    expect(r.late.map((l) => l.code).sort()).toEqual([codes[1], codes[3], codes[4]]);
    expect(r.pairs).toEqual([
      expect.objectContaining({ leadName: 'Dinas Sosial', supportingName: 'Dinas Kesehatan', declined: 2, late: 2, total: 5 }),
    ]);
    // A manager of another department sees none of it.
    const pupr = (await db.db.selectFrom('departments').select('id').where('code', '=', 'PUPR').executeTakeFirstOrThrow()).id;
    const scoped = await collaborationReport(db.db, { from, to, now, scope: { departmentIds: [pupr] }, calendar });
    expect(scoped).toEqual({ departments: [], late: [], pairs: [] });
  });

  it('officer evidence: two done, on time suppressed below the minimum sample; shown with enough', async () => {
    expect(await officerCollaboration(db.db, { userId: officerId, from, to, now, calendar, minSample: 10 })).toEqual({
      done: 2,
      onTime: { sufficient: false, n: 2 },
    });
    expect((await officerCollaboration(db.db, { userId: officerId, from, to, now, calendar, minSample: 2 }))!.onTime).toMatchObject({
      sufficient: true,
      value: { numerator: 1, n: 2 },
    });
  });

  it('coordination evidence names catalogue competencies in both departments', async () => {
    for (const id of [dinsos, dinkes]) {
      const ev = await coordinationEvidence(db.db, { departmentId: id, from, to, now, calendar });
      expect(ev.competencies.map((c) => c.code)).toEqual(['kerja_sama', 'komunikasi']);
      expect(ev.pairs).toHaveLength(1);
      expect(ev.pairs[0]!.role).toBe(id === dinsos ? 'lead' : 'supporting');
    }
  });

  it('the pages show them: /reports section and league column, evidence "Kerja sama", development coordination', async () => {
    const get = async (p: string) => {
      const r = await fetch(`${server.url}${p}`, { headers: { cookie: hrCookie }, redirect: 'manual' });
      expect(r.status, p).toBe(200);
      return r.text();
    };
    const reports = await get('/reports?period=custom&from=2026-11-01&to=2026-11-30');
    expect(reports).toContain('Kerja sama antar-dinas');
    expect(reports).toContain('Kolaborasi');
    expect(reports).toMatch(
      /Dinas Kesehatan<\/th>\s*<td class="num">0<\/td>\s*<td class="num">5<\/td>\s*<td class="num">2<\/td>\s*<td class="num">2<\/td>/,
    );
    expect(reports).toContain('(1/4)');
    for (const c of [codes[1], codes[3], codes[4]]) expect(reports).toContain(c);
    const evidence = await get(`/reports/evidence/${NIP}?period=2026-S2`);
    expect(evidence).toContain('Kerja sama (nilai dasar BerAKHLAK');
    expect(evidence).toMatch(/id="support-done">2</);
    expect(evidence).toContain('data belum cukup (n = 2)');
    const dev = await get('/reports/development?period=custom&from=2026-11-01&to=2026-11-30&department=DINKES');
    expect(dev).toContain('Koordinasi antar-dinas');
    expect(dev).toContain('Kerja sama, Komunikasi');
    expect(dev).toContain('ditolak 2, terlambat 2 dari 5 tugas');
  });

  it('the exports carry the same figures: the collaboration table and the league\'s "Kolaborasi" column', async () => {
    const q = 'period=custom&from=2026-11-01&to=2026-11-30';
    const reports = await (await fetch(`${server.url}/reports?${q}`, { headers: { cookie: hrCookie } })).text();
    expect(reports).toContain('table=collaboration&amp;format=csv');
    const csv = async (table: string) => {
      const r = await fetch(`${server.url}/reports/export?${q}&table=${table}&format=csv`, { headers: { cookie: hrCookie } });
      expect(r.status, table).toBe(200);
      return (await r.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
    };
    const collab = await csv('collaboration');
    const header = collab.findIndex((l) => l.startsWith('Dinas,'));
    const cols = collab[header]!.split(',');
    const row = collab.find((l) => l.startsWith('Dinas Kesehatan,'))!.split(',');
    const cell = (name: string) => row[cols.indexOf(name)];
    expect([cell('Diminta dari dinas ini'), cell('Dukungan diberikan'), cell('Ditolak')]).toEqual(['5', '2', '2']);
    expect([cell('Selesai tepat waktu (k)'), cell('Selesai tepat waktu (n)')]).toEqual(['1', '4']);
    expect(Number(cell('Selesai tepat waktu'))).toBeCloseTo(0.25, 4);
    expect(Number(cell('Median waktu menerima (hari kerja)'))).toBeCloseTo(2, 4);
    expect(Number(cell('Median waktu menyelesaikan (hari kerja)'))).toBeCloseTo(3.5, 4);
    const league = await csv('league');
    const lcols = league.find((l) => l.includes('Kolaborasi'))!.split(',');
    // Only Dinas Sosial has complaints in the period: it asked for support but was asked for none, so no
    // task of its own was due (the page shows "(0/0)").
    expect(reports).toMatch(/Dinas Sosial Kota Palembang[\s\S]*?\(0\/0\)/);
    const dinsosRow = league.find((l) => l.includes('Dinas Sosial'))!.split(',');
    expect([dinsosRow[lcols.indexOf('Kolaborasi')], dinsosRow[lcols.indexOf('Kolaborasi (n)')]]).toEqual(['', '0']);
  });
});
