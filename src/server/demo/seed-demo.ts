// A year of synthetic but realistic activity for the reference region, so reports have something to
// show: seasonal volume (drainage complaints peak in the rainy months), departments that differ
// (fast, slow, one with a backlog), officers with NIPs, transfers, reopenings, ratings, and events
// consistent with every timestamp. Deterministic for a given --seed and --now.
// Its parts: staff (seed-users.ts), each complaint's life (seed-complaint-life.ts), the fast closer
// (seed-fast-closures.ts), consultations (seed-consultations.ts), departments working together
// (seed-support.ts), surveys, units, and the development cycle's trainings, evaluations and proposals.
// Any region: departments, kecamatan, the tracking prefix and the time zone come from the loaded
// reference data; a department's behaviour follows its role (the category it handles), not its code.
import type { Db } from '../db/index.ts';
import { dbKind } from '../db/index.ts';
import { addWorkingDays, zoneOffsetMs, type WorkingCalendar } from '../calendar/calendar.ts';
import { maintainDurations } from '../metrics/durations.service.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { CODE_ALPHABET } from '../complaints/complaint-codes.ts';
import { getSettings } from '../reference/reference.repository.ts';
import { seedSupport, type SupportSeedResult } from './seed-support.ts';
import { seedSurveys } from './seed-surveys.ts';
import { seedUnits } from './seed-units.ts';
import { seedTrainings } from '../development/trainings.seed.ts';
import { seedOfficerCycle } from '../development/officer-cycle.seed.ts';
import { seedTrainingEvaluations } from '../development/evaluation.seed.ts';
import { scriptChecksAndReassignments, type DemoCast } from './demo-checks.ts';
import { ensureDemoUsers } from './seed-users.ts';
import { seedConsultations } from './seed-consultations.ts';
import { mulberry32 } from './random.ts';
import { planComplaint, type ComplaintRow, type Plan, type Profile } from './seed-complaint-life.ts';
import { makeFastClosures } from './seed-fast-closures.ts';

export { DEMO_PASSWORD } from './seed-users.ts';

export interface SeedOptions {
  complaints: number;
  seed: number;
  now: Date;
  /** The deployment's zone (defaults to the configured one); it places office hours and months. */
  timeZone?: string;
  /** Progress callback (batches done). */
  progress?: (done: number, total: number) => void;
}

export interface SeedResult {
  consultations: number;
  contributions: number;
  complaints: number;
  events: number;
  ratings: number;
  users: { email: string; role: string; department: string | null; nip: string | null }[];
  /** Departments working together on some complaints (seed-support.ts). */
  support: SupportSeedResult;
}

// Synthetic department behaviour (demo data, not a claim about real departments), by role: the
// department that handles the named category, whatever the region calls it (Palembang's PUPR, Palu's
// DPU and Jakarta's Bina Marga all handle jalan-rusak). A department with none of these roles gets a
// fallback profile. In Palembang every department has exactly one role, so its demo is as before.
const PROFILE_BY_ROLE: [category: string, profile: Profile][] = [
  ['adminduk', { response: 0.6, resolution: 3, stuck: 0.02 }],
  ['sampah', { response: 1, resolution: 4, stuck: 0.03 }],
  ['puskesmas', { response: 2, resolution: 7, stuck: 0.05 }],
  ['lalu-lintas', { response: 2.5, resolution: 9, stuck: 0.06 }],
  ['sekolah', { response: 2, resolution: 8, stuck: 0.05 }],
  ['bantuan-sosial', { response: 4, resolution: 13, stuck: 0.08 }],
  ['ketertiban', { response: 5, resolution: 12, stuck: 0.1 }],
  ['jalan-rusak', { response: 4.5, resolution: 40, stuck: 0.35 }],
];
/** The department whose third officer is the scripted fast closer: the one that handles damaged roads. */
const FAST_CLOSER_ROLE = 'jalan-rusak';
const FALLBACK: Profile[] = [
  { response: 1.5, resolution: 6, stuck: 0.04 },
  { response: 3.5, resolution: 14, stuck: 0.1 },
  { response: 5, resolution: 35, stuck: 0.3 },
];

// Relative monthly volume (Jan..Dec) and the extra weight of drainage complaints in rainy months.
const MONTH_WEIGHT = [1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2];
const RAINY_DRAINAGE = [3, 2.6, 2.2, 1.6, 0.8, 0.4, 0.3, 0.3, 0.5, 1.2, 2.4, 3];
const CATEGORY_WEIGHT: Record<string, number> = {
  'jalan-rusak': 3,
  drainase: 2,
  sampah: 3,
  adminduk: 2.5,
  'lalu-lintas': 1.5,
  parkir: 1,
  puskesmas: 1.2,
  sekolah: 0.8,
  'bantuan-sosial': 1.5,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const rnd = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const lognormal = (median: number, sigma = 0.8) => median * Math.exp(sigma * normal());
  const calendar = await loadCalendar(db, opts.timeZone);
  const now = opts.now.getTime();
  // Local time = UTC + offset (Indonesian zones keep no daylight saving): office hours, months and
  // weekends are the region's own.
  const offset = zoneOffsetMs(opts.now, calendar.timeZone);
  const prefix = (await getSettings(db)).get('tracking_prefix') ?? 'SW';

  const depts = (await db.selectFrom('departments').select(['id', 'code']).where('active', '=', 1).orderBy('id').execute()).map((d) => ({
    id: Number(d.id),
    code: d.code,
  }));
  if (depts.length === 0) throw new Error('no departments: run `npm run cli -- migrate` first');
  const cats = (
    await db
      .selectFrom('categories')
      .select(['id', 'code', 'department_id', 'response_days', 'resolution_days', 'auto_route'])
      .where('active', '=', 1)
      .orderBy('id')
      .execute()
  ).map((c) => ({
    id: Number(c.id),
    code: c.code,
    departmentId: c.department_id === null ? null : Number(c.department_id),
    responseDays: c.response_days,
    resolutionDays: c.resolution_days,
    autoRoute: Number(c.auto_route) === 1,
  }));
  const areas = await db.selectFrom('areas').select(['code', 'level', 'parent_code']).execute();
  const kecamatan = areas.filter((a) => a.level === 'kecamatan').map((a) => a.code);
  const kelurahanOf = new Map<string, string[]>();
  for (const a of areas)
    if (a.level !== 'kecamatan' && a.parent_code)
      (kelurahanOf.get(a.parent_code) ?? kelurahanOf.set(a.parent_code, []).get(a.parent_code)!).push(a.code);
  if (kecamatan.length === 0 || cats.length === 0) throw new Error('reference data missing: run `npm run cli -- migrate` first');
  const roleOf = (deptId: number, category: string) => cats.some((c) => c.code === category && c.departmentId === deptId);
  const profileOf = new Map(
    depts.map((d, i) => [d.id, PROFILE_BY_ROLE.find(([category]) => roleOf(d.id, category))?.[1] ?? FALLBACK[i % FALLBACK.length]!]),
  );
  const fastCloserDept = depts.find((d) => roleOf(d.id, FAST_CLOSER_ROLE));

  const users = await ensureDemoUsers(db, depts, rnd);
  const officersOf = new Map<number, number[]>();
  for (const u of users)
    if (u.departmentId !== null && u.role === 'officer')
      (officersOf.get(u.departmentId) ?? officersOf.set(u.departmentId, []).get(u.departmentId)!).push(u.id);

  // Submission times: the 365 days before now, weighted by month; mostly office hours.
  const start = now - 365 * DAY;
  const dayWeights: number[] = [];
  for (let i = 0; i < 365; i++) {
    const d = new Date(start + i * DAY + offset);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    dayWeights.push(MONTH_WEIGHT[d.getUTCMonth()]! * (weekend ? 0.35 : 1));
  }
  const dayCum = cumulative(dayWeights);
  const catWeightsByMonth = Array.from({ length: 12 }, (_, m) =>
    cumulative(cats.map((c) => (CATEGORY_WEIGHT[c.code] ?? 0.6) * (c.code === 'drainase' ? RAINY_DRAINAGE[m]! : 1))),
  );
  const draw = (cum: number[]) => {
    const x = rnd() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const dueCache = new Map<string, number>();
  const due = (t: number, days: number) => {
    const key = `${Math.floor((t + offset) / DAY)}|${days}`;
    let v = dueCache.get(key);
    if (v === undefined) dueCache.set(key, (v = addWorkingDays(new Date(t), days, calendar).getTime()));
    return v;
  };
  // Working days → elapsed time, roughly (7 calendar days per 5 working days).
  const later = (t: number, workingDays: number) => t + Math.max(0.02, workingDays) * DAY * 1.4;
  const usedCodes = new Set<string>();
  const code = (year: number) => {
    for (;;) {
      let s = '';
      for (let i = 0; i < 6; i++) s += CODE_ALPHABET[Math.floor(rnd() * CODE_ALPHABET.length)];
      const c = `${prefix}-${String(year % 100).padStart(2, '0')}-${s}`;
      if (!usedCodes.has(c)) {
        usedCodes.add(c);
        return c;
      }
    }
  };
  const existing = await db.selectFrom('complaints').select('code').where('code', 'like', `${prefix}-%`).execute();
  for (const e of existing) usedCodes.add(e.code);

  let events = 0;
  let ratings = 0;
  const BATCH = dbKind(db) === 'postgres' ? 1000 : 2000;
  for (let done = 0; done < opts.complaints; done += BATCH) {
    const n = Math.min(BATCH, opts.complaints - done);
    const rows: ComplaintRow[] = [];
    const plans: Plan[] = [];
    for (let i = 0; i < n; i++) {
      const day = draw(dayCum);
      const submitted = Math.round(Math.min(now - HOUR, start + day * DAY + (1 + rnd() * 9) * HOUR + Math.floor(rnd() * HOUR)));
      const month = new Date(submitted + offset).getUTCMonth();
      const cat = cats[draw(catWeightsByMonth[month]!)]!;
      const kec = pick(kecamatan);
      const kel = kelurahanOf.get(kec);
      const plan = planComplaint(submitted, cat, depts, profileOf, officersOf, now, rnd, lognormal, due, later);
      // Whole milliseconds everywhere (timestamps are integer columns).
      for (const k of Object.keys(plan.columns))
        if (k.endsWith('_at') && typeof plan.columns[k] === 'number') plan.columns[k] = Math.round(plan.columns[k] as number);
      for (const e of plan.events) e.at = Math.round(e.at);
      if (plan.rating) plan.rating.rated_at = Math.round(plan.rating.rated_at);
      events += plan.events.length;
      if (plan.rating) ratings++;
      rows.push({
        code: code(new Date(submitted).getUTCFullYear()),
        access_key_hash: 'demo'.padEnd(64, '0'),
        category_id: cat.id,
        title: `${cat.code.replace(/-/g, ' ')} (data demo)`,
        description: 'Pengaduan contoh yang dibuat oleh seed-demo untuk mencoba laporan. Data sintetis.',
        kecamatan_code: kec,
        kelurahan_code: kel ? pick(kel) : null,
        privacy: rnd() < 0.8 ? 'public' : rnd() < 0.75 ? 'anonymous' : 'confidential',
        ...plan.columns,
      });
      plans.push(plan);
    }
    await db.transaction().execute(async (trx) => {
      const ids: { id: number; code: string }[] = [];
      for (let i = 0; i < rows.length; i += 400) {
        const inserted = await trx
          .insertInto('complaints')
          .values(rows.slice(i, i + 400) as any)
          .returning(['id', 'code'])
          .execute();
        ids.push(...inserted.map((r) => ({ id: Number(r.id), code: r.code })));
      }
      const idOf = new Map(ids.map((r) => [r.code, r.id]));
      const eventRows = rows.flatMap((r, i) => plans[i]!.events.map((e) => ({ ...e, complaint_id: idOf.get(r.code)! })));
      for (let i = 0; i < eventRows.length; i += 900)
        await trx
          .insertInto('complaint_events')
          .values(eventRows.slice(i, i + 900))
          .execute();
      const ratingRows = rows.flatMap((r, i) => (plans[i]!.rating ? [{ complaint_id: idOf.get(r.code)!, ...plans[i]!.rating! }] : []));
      for (let i = 0; i < ratingRows.length; i += 2000)
        await trx
          .insertInto('complaint_ratings')
          .values(ratingRows.slice(i, i + 2000))
          .execute();
    });
    opts.progress?.(done + n, opts.complaints);
  }
  // One demo officer closes most complaints within minutes of assignment ("TL asal hijau"): the appraisal evidence shows it.
  const fastCloser = fastCloserDept ? `petugas3.${fastCloserDept.code.toLowerCase()}@` : null;
  await makeFastClosures(
    db,
    users.filter((u) => fastCloser !== null && u.email.startsWith(fastCloser)).map((u) => u.id),
    prefix,
  );
  // The resolution check returns half of those closures; a careful colleague keeps the response credit across a reassignment.
  const who = (email: string | null) => (email ? users.find((u) => u.email.startsWith(email))?.id : undefined);
  const roads = fastCloserDept?.code.toLowerCase();
  const cast = roads && {
    fastCloser: who(fastCloser),
    careful: who(`petugas1.${roads}@`),
    colleague: who(`petugas2.${roads}@`),
    manager: who(`kepala.${roads}@`),
    verifier: who('verifikator@'),
  };
  if (cast && Object.values(cast).every((v) => v !== undefined)) await scriptChecksAndReassignments(db, cast as DemoCast, prefix);
  const consult = await seedConsultations(db, depts, profileOf, users, rnd, now, calendar);
  const support = await seedSupport(db, { seed: opts.seed, now, calendar });
  // Units inside departments (Jakarta's Suku Dinas): officers spread over them, complaints routed to them.
  await seedUnits(db);
  await maintainDurations(db, calendar);
  const deptNames = new Map((await db.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [Number(d.id), d.name]));
  const managers = users
    .filter((u) => u.role === 'manager' && u.departmentId !== null)
    .map((u) => ({ id: u.id, email: u.email, departmentId: u.departmentId!, departmentCode: u.departmentCode! }));
  await seedSurveys(db, managers, deptNames, rnd, opts.now, calendar.timeZone);
  // Trainings from the demo plans: completed ones with attendance and JP, one running, one planned, one cancelled.
  await seedTrainings(db, { now: opts.now });
  // Officers' proposals of training needs and comments on next year's draft plans.
  await seedOfficerCycle(db, { now: opts.now });
  // Evaluations and action plans of the completed trainings (none without the trainings seed).
  await seedTrainingEvaluations(db, { now: opts.now, timeZone: calendar.timeZone, rnd });
  return {
    ...consult,
    support,
    complaints: opts.complaints,
    events,
    ratings,
    users: users.map((u) => ({ email: u.email, role: u.role, department: u.departmentCode, nip: u.nip })),
  };
}

function cumulative(ws: number[]): number[] {
  let s = 0;
  return ws.map((w) => (s += w));
}

export type { WorkingCalendar };
