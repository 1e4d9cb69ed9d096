// Loads a region's reference configuration (db/reference/<region>/) idempotently.
// Rows are matched by their natural keys and never overwritten, so an admin's later edits survive
// restarts; a checksum of the files marks a load as done so unchanged files cost one query.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Db } from '../db/index.ts';
import { toDbBool, toDbTime } from '../db/values.ts';
import { parseCsv } from './csv.ts';
import { checkRegion, RegionCheckError, type RegionCheckOptions } from './region-check.ts';
import {
  areaRow,
  categoryCompetencyRow,
  categoryRow,
  departmentRow,
  holidayRow,
  regionSchema,
  settingRow,
  topicRow,
  unitRouteRow,
  unitRow,
} from './reference.schema.ts';

import { REFERENCE_DIR } from './region-dir.ts';
import { AREAS_INSERT_BATCH } from '../limits.ts';

export { REFERENCE_DIR };

export interface ReferenceData {
  region: string;
  info: z.infer<typeof regionSchema>;
  departments: z.infer<typeof departmentRow>[];
  topics: z.infer<typeof topicRow>[];
  categories: z.infer<typeof categoryRow>[];
  areas: z.infer<typeof areaRow>[];
  holidays: z.infer<typeof holidayRow>[];
  settings: z.infer<typeof settingRow>[];
  categoryCompetencies: z.infer<typeof categoryCompetencyRow>[];
  /** Optional files: none for a region that routes to departments only. */
  units: z.infer<typeof unitRow>[];
  unitRoutes: z.infer<typeof unitRouteRow>[];
  checksum: string;
}

/** Reads a region folder after region-check; throws RegionCheckError listing every problem. */
export function readReference(region: string, dir = REFERENCE_DIR, check: RegionCheckOptions = {}): ReferenceData {
  const folder = path.join(dir, region);
  if (!fs.existsSync(path.join(folder, 'region.json'))) {
    throw new Error(`no reference configuration for region "${region}" in ${dir}`);
  }
  const problems = checkRegion(folder, check);
  if (problems.length) throw new RegionCheckError(region, problems);
  const hash = createHash('sha256');
  const read = (file: string) => {
    const p = path.join(folder, file);
    if (!fs.existsSync(p)) return undefined;
    const text = fs.readFileSync(p, 'utf8');
    hash.update(file).update('\0').update(text).update('\0');
    return text;
  };
  const table = <T>(file: string, schema: z.ZodType<T>): T[] => {
    const text = read(file);
    if (text === undefined) return [];
    return parseCsv(text).map((row, i) => {
      const r = schema.safeParse(row);
      if (!r.success)
        throw new Error(`${region}/${file} row ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      return r.data;
    });
  };
  const info = regionSchema.parse(JSON.parse(read('region.json')!));
  const data = {
    region,
    info,
    departments: table('departments.csv', departmentRow),
    topics: table('topics.csv', topicRow),
    categories: table('categories.csv', categoryRow),
    areas: table('areas.csv', areaRow),
    holidays: table('holidays.csv', holidayRow),
    settings: table('settings.csv', settingRow),
    categoryCompetencies: table('category-competencies.csv', categoryCompetencyRow),
    units: table('units.csv', unitRow),
    unitRoutes: table('unit-routes.csv', unitRouteRow),
  };
  return { ...data, checksum: hash.digest('hex') };
}

export interface LoadResult {
  region: string;
  skipped: boolean;
  inserted: Record<string, number>;
}

/** Loads the region into the database; a second call with the same files does nothing. */
export async function loadReference(db: Db, region: string, opts: { dir?: string; now?: Date } = {}): Promise<LoadResult> {
  // region-check first, against the competency catalogue the migrations filled: a region that fails
  // it is refused whole, before a single row is written.
  const competencies = new Set((await db.selectFrom('competencies').select('code').execute()).map((c) => c.code));
  const data = readReference(region, opts.dir, { competencies });
  const now = toDbTime(opts.now ?? new Date());
  const done = await db
    .selectFrom('reference_loads')
    .select('checksum')
    .where('region', '=', region)
    .where('checksum', '=', data.checksum)
    .executeTakeFirst();
  if (done) return { region, skipped: true, inserted: {} };

  return db.transaction().execute(async (trx) => {
    const inserted: Record<string, number> = {};
    const count = (name: string, r: { numInsertedOrUpdatedRows?: bigint }[]) => {
      inserted[name] = (inserted[name] ?? 0) + r.reduce((n, x) => n + Number(x.numInsertedOrUpdatedRows ?? 0n), 0);
    };
    if (data.departments.length) {
      count(
        'departments',
        await trx
          .insertInto('departments')
          .values(data.departments.map((d) => ({ ...d, created_at: now })))
          .onConflict((oc) => oc.column('code').doNothing())
          .execute(),
      );
    }
    if (data.topics.length) {
      count(
        'topics',
        await trx
          .insertInto('topics')
          .values(data.topics)
          .onConflict((oc) => oc.column('code').doNothing())
          .execute(),
      );
    }
    if (data.categories.length) {
      const depts = await trx.selectFrom('departments').select(['id', 'code']).execute();
      const byCode = new Map(depts.map((d) => [d.code, d.id]));
      const rows = data.categories.map((c, i) => {
        const departmentId = c.department_code ? byCode.get(c.department_code) : null;
        if (departmentId === undefined) throw new Error(`${region}/categories.csv: unknown department ${c.department_code}`);
        if (c.auto_route === '1' && departmentId === null) throw new Error(`${region}/categories.csv: ${c.code} routes to no department`);
        const { department_code: _d, auto_route, ...rest } = c;
        return {
          ...rest,
          department_id: departmentId,
          auto_route: toDbBool(auto_route === '1'),
          sort_order: (i + 1) * 10,
          created_at: now,
        };
      });
      count(
        'categories',
        await trx
          .insertInto('categories')
          .values(rows)
          .onConflict((oc) => oc.column('code').doNothing())
          .execute(),
      );
    }
    if (data.categoryCompetencies.length) {
      const cats = new Map((await trx.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.code, Number(c.id)]));
      const comps = new Map((await trx.selectFrom('competencies').select(['id', 'code']).execute()).map((c) => [c.code, Number(c.id)]));
      const rows = data.categoryCompetencies.map((m, i) => {
        const category_id = cats.get(m.category_code);
        const competency_id = comps.get(m.competency_code);
        if (category_id === undefined)
          throw new Error(`${region}/category-competencies.csv row ${i + 2}: unknown category ${m.category_code}`);
        if (competency_id === undefined)
          throw new Error(`${region}/category-competencies.csv row ${i + 2}: unknown competency ${m.competency_code}`);
        return { category_id, competency_id, created_at: now };
      });
      count(
        'categoryCompetencies',
        await trx
          .insertInto('category_competencies')
          .values(rows)
          .onConflict((oc) => oc.columns(['category_id', 'competency_id']).doNothing())
          .execute(),
      );
    }
    // Parents before children, in batches that stay under SQLite's bound-parameter limit.
    const areas = [...data.areas.filter((a) => a.level === 'kecamatan'), ...data.areas.filter((a) => a.level !== 'kecamatan')];
    for (let i = 0; i < areas.length; i += AREAS_INSERT_BATCH) {
      const batch = areas.slice(i, i + AREAS_INSERT_BATCH).map((a) => ({ ...a, parent_code: a.parent_code || null }));
      count(
        'areas',
        await trx
          .insertInto('areas')
          .values(batch)
          .onConflict((oc) => oc.column('code').doNothing())
          .execute(),
      );
    }
    if (data.units.length) {
      const depts = new Map((await trx.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, Number(d.id)]));
      const rows = data.units.map((u) => {
        const department_id = depts.get(u.department_code);
        if (department_id === undefined) throw new Error(`${region}/units.csv: unknown department ${u.department_code}`);
        return { department_id, code: u.code, name: u.name, kind: u.kind, area_code: u.area_code || null, created_at: now };
      });
      count(
        'units',
        await trx
          .insertInto('units')
          .values(rows)
          .onConflict((oc) => oc.column('code').doNothing())
          .execute(),
      );
    }
    if (data.unitRoutes.length) {
      const cats = new Map((await trx.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.code, Number(c.id)]));
      const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, Number(u.id)]));
      const rows = data.unitRoutes.map((r) => {
        const category_id = cats.get(r.category_code);
        const unit_id = units.get(r.unit_code);
        if (category_id === undefined || unit_id === undefined)
          throw new Error(`${region}/unit-routes.csv: unknown category ${r.category_code} or unit ${r.unit_code}`);
        return { category_id, area_code: r.area_code, unit_id, created_at: now };
      });
      count(
        'unitRoutes',
        await trx
          .insertInto('unit_routes')
          .values(rows)
          .onConflict((oc) => oc.columns(['category_id', 'area_code']).doNothing())
          .execute(),
      );
    }
    if (data.holidays.length) {
      count(
        'holidays',
        await trx
          .insertInto('holidays')
          .values(data.holidays)
          .onConflict((oc) => oc.column('date').doNothing())
          .execute(),
      );
    }
    const settings = [
      ...data.settings,
      { key: 'region', value: region },
      { key: 'region_name', value: data.info.name },
      { key: 'tracking_prefix', value: data.info.tracking_prefix },
      { key: 'time_zone', value: data.info.time_zone },
      { key: 'portal_name', value: data.info.portal_name },
      // Optional: a region without a cited government name or website shows none on the home page.
      ...(data.info.government_name ? [{ key: 'government_name', value: data.info.government_name }] : []),
      ...(data.info.government_website ? [{ key: 'government_website', value: data.info.government_website }] : []),
    ];
    count(
      'settings',
      await trx
        .insertInto('settings')
        .values(settings)
        .onConflict((oc) => oc.column('key').doNothing())
        .execute(),
    );
    await trx.insertInto('reference_loads').values({ region, checksum: data.checksum, loaded_at: now }).execute();
    return { region, skipped: false, inserted };
  });
}
