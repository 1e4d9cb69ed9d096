// What the complaint form offers: categories grouped by topic (with department and time limits), areas.
import type { Db } from '../db/index.ts';
import { listAreas, listCategories, listTopics } from '../reference/reference.repository.ts';
import { localized, type Locale } from '../../i18n/index.ts';

export interface CategoryOption {
  code: string;
  name: string;
  description: string;
  departmentName: string | null;
  responseDays: number;
  resolutionDays: number;
}

export interface FormOptions {
  topics: { name: string; categories: CategoryOption[] }[];
  kecamatan: { code: string; name: string; kelurahan: { code: string; name: string }[] }[];
}

export async function complaintFormOptions(db: Db, locale: Locale): Promise<FormOptions> {
  const [topics, categories, areas] = await Promise.all([listTopics(db), listCategories(db, { activeOnly: true }), listAreas(db)]);
  const byTopic = topics
    .map((t) => ({
      name: localized(t, 'name', locale),
      categories: categories
        .filter((c) => c.topic_code === t.code)
        .map((c) => ({
          code: c.code,
          name: localized(c, 'name', locale),
          description: localized(c, 'description', locale),
          departmentName: c.department_id !== null ? c.department_short_name : null,
          responseDays: c.response_days,
          resolutionDays: c.resolution_days,
        })),
    }))
    .filter((t) => t.categories.length > 0);
  const kecamatan = areas
    .filter((a) => a.level === 'kecamatan')
    .sort((a, b) => a.common_name.localeCompare(b.common_name, 'id'))
    .map((k) => ({
      code: k.code,
      name: k.common_name,
      kelurahan: areas
        .filter((a) => a.parent_code === k.code)
        .sort((a, b) => a.common_name.localeCompare(b.common_name, 'id'))
        .map((a) => ({ code: a.code, name: a.common_name })),
    }));
  return { topics: byTopic, kecamatan };
}
