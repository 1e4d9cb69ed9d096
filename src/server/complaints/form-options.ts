// What the complaint form offers: categories grouped by topic (with department and time limits), areas.
import type { Db } from '../db/index.ts';
import { listAreas, listCategories, listTopics } from '../reference/reference.repository.ts';
import { localized, type Locale } from '../../i18n/index.ts';
import { kotaOf } from './unit-routing.ts';

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
  /** Each kecamatan with its kota code (NN.NN, the first two parts of its Kemendagri code). */
  kecamatan: { code: string; name: string; kota?: string; kelurahan: { code: string; name: string }[] }[];
  /**
   * The kota/kabupaten (administrasi) level, for a region whose kecamatan lie in more than one (Jakarta:
   * five kota administrasi and Kabupaten Administrasi Kepulauan Seribu); empty for a city, whose form
   * keeps two levels.
   */
  kota?: KotaOption[];
}

export interface KotaOption {
  code: string;
  name: string;
}

/**
 * The kota level of the areas: each kota code (the first two parts of its kecamatan's Kemendagri codes,
 * the `induk` of ../shared/data) with the name in the kecamatan's `city` column. Empty when every
 * kecamatan lies in one kota (a city region keeps two levels).
 */
export function kotaLevel(areas: readonly { code: string; level: string; city: string }[]): KotaOption[] {
  const byCode = new Map<string, string>();
  for (const a of areas) if (a.level === 'kecamatan') byCode.set(kotaOf(a.code), a.city.trim());
  if (byCode.size < 2) return [];
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
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
      kota: kotaOf(k.code),
      kelurahan: areas
        .filter((a) => a.parent_code === k.code)
        .sort((a, b) => a.common_name.localeCompare(b.common_name, 'id'))
        .map((a) => ({ code: a.code, name: a.common_name })),
    }));
  return { topics: byTopic, kecamatan, kota: kotaLevel(areas) };
}
