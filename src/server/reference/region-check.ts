// region-check: validates a region folder (db/reference/<region>/) before anything is loaded from
// it, and lists every problem with its file and line, so an operator adding a region fixes them all
// in one pass instead of meeting them one by one at start-up. Pure: it reads the folder and nothing
// else; the loader passes the competency catalogue it finds in the database.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseCsvRecords } from './csv.ts';
import { OPTIONAL_REGION_TABLES, REGION_TABLES, regionSchema } from './reference.schema.ts';

const ALL_TABLES = { ...REGION_TABLES, ...OPTIONAL_REGION_TABLES };
type TableFile = keyof typeof ALL_TABLES;
import { checkAreaPoints } from './area-points.ts';

export interface RegionProblem {
  file: string;
  /** 1-based line in the file; null when the problem is the file as a whole. */
  line: number | null;
  message: string;
}

export interface RegionCheckOptions {
  /** Competency codes known to the catalogue; without it only their form is checked. */
  competencies?: ReadonlySet<string>;
}

// SLA targets, in working days. The Palembang defaults follow SP4N-LAPOR! (first response within 5
// working days; resolution 14, or 60 for complaints that need an inspection): a target outside these
// bounds is a typo, not a policy.
export const SLA_LIMITS = { response: { min: 1, max: 14 }, resolution: { max: 60 } } as const;

/** Settings every region sets, with the range each must fall in. */
export const REQUIRED_SETTINGS: Record<string, { min: number; max: number }> = {
  verification_days: { min: 1, max: 14 },
  default_response_days: { min: SLA_LIMITS.response.min, max: SLA_LIMITS.response.max },
  dispute_window_days: { min: 1, max: 60 },
  appraisal_min_sample: { min: 1, max: 1000 },
};
/** Settings the loader derives from region.json; a settings.csv row would silently shadow them. */
const FROM_REGION_JSON = ['region', 'region_name', 'tracking_prefix', 'time_zone', 'portal_name', 'government_name', 'government_website'];

type Row<F extends TableFile> = z.infer<(typeof ALL_TABLES)[F]> & { line: number };

class Problems {
  readonly list: RegionProblem[] = [];
  add(file: string, line: number | null, message: string): void {
    this.list.push({ file, line, message });
  }
}

/** Checks a region folder; an empty list means it can be loaded. */
export function checkRegion(folder: string, opts: RegionCheckOptions = {}): RegionProblem[] {
  const p = new Problems();
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    p.add('.', null, `no region folder at ${folder}`);
    return p.list;
  }
  const info = checkRegionJson(folder, p);
  const t = {
    departments: readTable(folder, 'departments.csv', p),
    topics: readTable(folder, 'topics.csv', p),
    categories: readTable(folder, 'categories.csv', p),
    competencies: readTable(folder, 'category-competencies.csv', p),
    areas: readTable(folder, 'areas.csv', p),
    holidays: readTable(folder, 'holidays.csv', p),
    settings: readTable(folder, 'settings.csv', p),
    units: readTable(folder, 'units.csv', p, true),
    unitRoutes: readTable(folder, 'unit-routes.csv', p, true),
  };

  const departments = unique('departments.csv', t.departments, (d) => d.code, p);
  if (t.departments && t.departments.length === 0) p.add('departments.csv', null, 'no departments: nobody could receive a complaint');
  const topics = unique('topics.csv', t.topics, (x) => x.code, p);
  const categories = unique('categories.csv', t.categories, (c) => c.code, p);
  for (const c of t.categories ?? []) {
    if (t.topics && !topics.has(c.topic_code)) p.add('categories.csv', c.line, `${c.code}: unknown topic ${c.topic_code}`);
    // Every category reaches a department: directly, or — for a catch-all such as "lainnya" with no
    // department and no automatic routing — through a verifier, who routes it by hand.
    if (c.department_code === '') {
      if (c.auto_route === '1') p.add('categories.csv', c.line, `${c.code}: routes automatically but has no department`);
    } else if (t.departments && !departments.has(c.department_code)) {
      p.add('categories.csv', c.line, `${c.code}: unknown department ${c.department_code}`);
    }
    if (c.response_days < SLA_LIMITS.response.min || c.response_days > SLA_LIMITS.response.max) {
      p.add(
        'categories.csv',
        c.line,
        `${c.code}: response_days ${c.response_days} outside ${SLA_LIMITS.response.min}–${SLA_LIMITS.response.max} working days`,
      );
    }
    if (c.resolution_days > SLA_LIMITS.resolution.max) {
      p.add('categories.csv', c.line, `${c.code}: resolution_days ${c.resolution_days} above ${SLA_LIMITS.resolution.max} working days`);
    }
    if (c.resolution_days < c.response_days) {
      p.add('categories.csv', c.line, `${c.code}: resolution_days ${c.resolution_days} is shorter than response_days ${c.response_days}`);
    }
  }
  if (t.categories && t.categories.length === 0) p.add('categories.csv', null, 'no categories: the complaint form would offer nothing');

  unique('category-competencies.csv', t.competencies, (m) => `${m.category_code},${m.competency_code}`, p);
  for (const m of t.competencies ?? []) {
    if (t.categories && !categories.has(m.category_code)) p.add('category-competencies.csv', m.line, `unknown category ${m.category_code}`);
    if (opts.competencies && !opts.competencies.has(m.competency_code))
      p.add('category-competencies.csv', m.line, `unknown competency ${m.competency_code}`);
  }

  checkAreas(t.areas, info?.kemendagri_code ?? null, p);
  checkUnits(t, departments, categories, p);
  checkAreaPoints(folder, t.areas ? new Set(t.areas.map((a) => a.code)) : null, info?.bbox, (f, l, m) => p.add(f, l, m));
  checkHolidays(t.holidays, p);
  checkSettings(t.settings, p);
  return p.list;
}

function checkRegionJson(folder: string, p: Problems): z.infer<typeof regionSchema> | null {
  const file = path.join(folder, 'region.json');
  if (!fs.existsSync(file)) {
    p.add('region.json', null, 'missing file');
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    p.add('region.json', null, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const r = regionSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues) p.add('region.json', null, `${i.path.join('.') || '(file)'}: ${i.message}`);
    return null;
  }
  return r.data;
}

/** Reads one CSV file; null when it is missing or its header is wrong (each reported). */
function readTable<F extends TableFile>(folder: string, file: F, p: Problems, optional = false): Row<F>[] | null {
  const full = path.join(folder, file);
  if (!fs.existsSync(full)) {
    if (!optional) p.add(file, null, 'missing file');
    return null;
  }
  const { header, rows } = parseCsvRecords(fs.readFileSync(full, 'utf8'));
  const schema = ALL_TABLES[file];
  const expected = Object.keys(schema.shape);
  const missing = expected.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !expected.includes(c));
  if (missing.length || extra.length) {
    p.add(
      file,
      1,
      `header must be ${expected.join(',')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}`,
    );
    return null;
  }
  const out: Row<F>[] = [];
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      p.add(file, r.line, `${r.fields.length} fields, expected ${header.length}`);
      continue;
    }
    const parsed = schema.safeParse(Object.fromEntries(header.map((h, i) => [h, r.fields[i]])));
    if (!parsed.success) {
      p.add(file, r.line, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      continue;
    }
    out.push({ ...(parsed.data as z.infer<(typeof ALL_TABLES)[F]>), line: r.line });
  }
  return out;
}

/** Reports repeated keys (naming the first line) and returns the keys seen. */
function unique<T extends { line: number }>(file: string, rows: T[] | null, key: (r: T) => string, p: Problems): Map<string, T> {
  const seen = new Map<string, T>();
  for (const r of rows ?? []) {
    const k = key(r);
    const first = seen.get(k);
    if (first) p.add(file, r.line, `duplicate ${k} (first on line ${first.line})`);
    else seen.set(k, r);
  }
  return seen;
}

function checkAreas(areas: Row<'areas.csv'>[] | null, regionCode: string | null, p: Problems): void {
  if (!areas) return;
  const byCode = unique('areas.csv', areas, (a) => a.code, p);
  if (!areas.some((a) => a.level === 'kecamatan')) p.add('areas.csv', null, 'no kecamatan');
  for (const a of areas) {
    const parts = a.code.split('.');
    if (regionCode && !a.code.startsWith(`${regionCode}.`))
      p.add('areas.csv', a.line, `${a.code} is not inside the region's Kemendagri code ${regionCode}`);
    if (a.level === 'kecamatan') {
      if (parts.length !== 3) p.add('areas.csv', a.line, `${a.code}: a kecamatan code has three parts (NN.NN.NN)`);
      if (a.parent_code !== '') p.add('areas.csv', a.line, `${a.code}: a kecamatan has no parent_code`);
      continue;
    }
    if (parts.length !== 4) p.add('areas.csv', a.line, `${a.code}: a ${a.level} code has four parts (NN.NN.NN.NNNN)`);
    const parent = byCode.get(a.parent_code);
    if (!parent || parent.level !== 'kecamatan')
      p.add('areas.csv', a.line, `${a.code}: parent_code ${a.parent_code || '(empty)'} is not a kecamatan in this file`);
    else if (parts.slice(0, 3).join('.') !== a.parent_code)
      p.add('areas.csv', a.line, `${a.code} does not start with its kecamatan's code ${a.parent_code}`);
  }
}

/** The area codes a unit or unit route may name: every area, and every kota (NN.NN) a kecamatan lies in. */
export function knownAreaCodes(areas: readonly { code: string; level: string }[]): Set<string> {
  const known = new Set<string>();
  for (const a of areas) {
    known.add(a.code);
    if (a.level === 'kecamatan') known.add(a.code.split('.').slice(0, 2).join('.'));
  }
  return known;
}

// Units and their routes (optional files): each unit of a known department serving a known area, each
// route sending a known category in a known area to a known unit of that category's department.
function checkUnits(
  t: {
    units: Row<'units.csv'>[] | null;
    unitRoutes: Row<'unit-routes.csv'>[] | null;
    areas: Row<'areas.csv'>[] | null;
    departments: Row<'departments.csv'>[] | null;
    categories: Row<'categories.csv'>[] | null;
  },
  departments: Map<string, Row<'departments.csv'>>,
  categories: Map<string, Row<'categories.csv'>>,
  p: Problems,
): void {
  const areas = t.areas ? knownAreaCodes(t.areas) : null;
  const units = unique('units.csv', t.units, (u) => u.code, p);
  for (const u of t.units ?? []) {
    if (t.departments && !departments.has(u.department_code))
      p.add('units.csv', u.line, `${u.code}: unknown department ${u.department_code}`);
    if (u.area_code && areas && !areas.has(u.area_code)) p.add('units.csv', u.line, `${u.code}: unknown area ${u.area_code}`);
  }
  unique('unit-routes.csv', t.unitRoutes, (r) => `${r.category_code},${r.area_code}`, p);
  for (const r of t.unitRoutes ?? []) {
    const category = categories.get(r.category_code);
    const unit = units.get(r.unit_code);
    if (t.categories && !category) p.add('unit-routes.csv', r.line, `unknown category ${r.category_code}`);
    if (!unit) p.add('unit-routes.csv', r.line, `unknown unit ${r.unit_code}${t.units ? '' : ' (no units.csv)'}`);
    if (areas && !areas.has(r.area_code)) p.add('unit-routes.csv', r.line, `unknown area ${r.area_code}`);
    if (category && unit && category.department_code !== unit.department_code) {
      p.add(
        'unit-routes.csv',
        r.line,
        `${r.category_code} belongs to ${category.department_code || '(no department)'} but unit ${r.unit_code} to ${unit.department_code}`,
      );
    }
  }
}

// One holidays file holds one year (the SKB of that year); a date in another year, or a name that
// says another year ("Tahun Baru 2026" on 2027-01-01), is a copy-and-paste slip.
function checkHolidays(holidays: Row<'holidays.csv'>[] | null, p: Problems): void {
  if (!holidays) return;
  unique('holidays.csv', holidays, (h) => h.date, p);
  const years = new Map<string, number>();
  for (const h of holidays) years.set(h.date.slice(0, 4), (years.get(h.date.slice(0, 4)) ?? 0) + 1);
  const year = [...years.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  for (const h of holidays) {
    if (year && !h.date.startsWith(year)) p.add('holidays.csv', h.line, `${h.date} is not in ${year}, the year of the other holidays`);
    const named = /\b(20\d\d)\b/.exec(h.name)?.[1];
    if (named && named !== h.date.slice(0, 4)) p.add('holidays.csv', h.line, `${h.date}: the name says ${named}`);
  }
}

function checkSettings(settings: Row<'settings.csv'>[] | null, p: Problems): void {
  if (!settings) return;
  const byKey = unique('settings.csv', settings, (s) => s.key, p);
  for (const s of settings) {
    if (FROM_REGION_JSON.includes(s.key)) p.add('settings.csv', s.line, `${s.key} comes from region.json; remove it here`);
    const range = REQUIRED_SETTINGS[s.key];
    if (!range) continue;
    const n = Number(s.value);
    if (!/^\d+$/.test(s.value) || n < range.min || n > range.max)
      p.add('settings.csv', s.line, `${s.key} = ${s.value || '(empty)'}: a whole number from ${range.min} to ${range.max}`);
  }
  for (const key of Object.keys(REQUIRED_SETTINGS)) if (!byKey.has(key)) p.add('settings.csv', null, `missing setting ${key}`);
}

/** One line per problem, "file:line: message", in the order found. */
export function formatProblems(problems: readonly RegionProblem[]): string {
  return problems.map((x) => `${x.file}${x.line === null ? '' : `:${x.line}`}: ${x.message}`).join('\n');
}

export class RegionCheckError extends Error {
  readonly region: string;
  readonly problems: readonly RegionProblem[];
  constructor(region: string, problems: readonly RegionProblem[]) {
    super(
      `region "${region}" fails region-check (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems).replace(/^/gm, `  ${region}/`)}`,
    );
    this.name = 'RegionCheckError';
    this.region = region;
    this.problems = problems;
  }
}
