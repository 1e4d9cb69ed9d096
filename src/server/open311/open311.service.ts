// Open311 GeoReport v2 resources built from the portal's own data (DESIGN.md §7):
// services are complaint categories, grouped by the department that handles them.
import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/index.ts';
import { localized, translator } from '../../i18n/index.ts';
import type { Database } from '../db/schema.ts';
import { listAreas, listCategories, listTopics } from '../reference/reference.repository.ts';
import { kotaLevel } from '../complaints/form-options.ts';

export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';

export function discovery(baseUrl: string, contact: string, changeset: Date) {
  return {
    changeset: changeset.toISOString(),
    contact,
    key_service: `${baseUrl}/admin/api-keys`,
    endpoints: [
      {
        specification: SPEC_URL,
        url: `${baseUrl}/open311/v2`,
        changeset: changeset.toISOString(),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export async function listServices(db: Kysely<Database>, locale: Locale): Promise<Open311Service[]> {
  const [cats, topics] = await Promise.all([listCategories(db, { activeOnly: true }), listTopics(db)]);
  const topicName = new Map(topics.map((t) => [t.code, localized(t, 'name', locale)]));
  return cats.map((c) => ({
    service_code: c.code,
    service_name: localized(c, 'name', locale),
    description: localized(c, 'description', locale),
    // Every service asks for the kelurahan (routing is by kecamatan) and offers a privacy choice.
    metadata: true,
    type: 'realtime' as const,
    keywords: [topicName.get(c.topic_code), c.department_short_name].filter(Boolean).join(', '),
    // The department that will handle it; categories a verifier routes are grouped by topic.
    group: c.department_short_name ?? topicName.get(c.topic_code) ?? '',
  }));
}

export async function serviceDefinition(db: Kysely<Database>, code: string, locale: Locale) {
  const cat = await db.selectFrom('categories').select('code').where('code', '=', code).where('active', '=', 1).executeTakeFirst();
  if (!cat) return undefined;
  const t = translator(locale);
  const kelurahan = await db
    .selectFrom('areas as k')
    .innerJoin('areas as kec', 'kec.code', 'k.parent_code')
    .select(['k.code', 'k.common_name', 'k.name', 'kec.common_name as kecamatan', 'kec.city'])
    .where('k.level', '!=', 'kecamatan')
    .orderBy('kec.common_name')
    .orderBy('k.common_name')
    .execute();
  // A region with a kota level (Jakarta) also offers the kota, and names it in each kelurahan's value;
  // a city region's definition stays as it was.
  const kota = kotaLevel(await listAreas(db));
  const first = kota.length ? 2 : 1;
  return {
    service_code: cat.code,
    attributes: [
      ...(kota.length
        ? [
            {
              variable: true,
              code: 'kota',
              datatype: 'singlevaluelist',
              required: false,
              datatype_description: null,
              order: 1,
              description: t('open311.kotaAttribute'),
              values: kota.map((k) => ({ key: k.code, name: k.name })),
            },
          ]
        : []),
      {
        variable: true,
        code: 'kelurahan',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: first,
        description: t('open311.kelurahanAttribute'),
        values: kelurahan.map((k) => ({
          key: k.code,
          name: `${k.common_name}${k.common_name !== k.name ? ` (${k.name})` : ''}, ${k.kecamatan}${kota.length ? `, ${k.city.trim()}` : ''}`,
        })),
      },
      {
        variable: true,
        code: 'privacy',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: null,
        order: first + 1,
        description: t('open311.privacyAttribute'),
        values: [
          { key: 'public', name: t('open311.privacyPublic') },
          { key: 'anonymous', name: t('open311.privacyAnonymous') },
          { key: 'confidential', name: t('open311.privacyConfidential') },
        ],
      },
    ],
  };
}

/** Before any recorded change: the day the API first published its services. */
const FIRST_CHANGESET = new Date('2026-11-22T00:00:00Z');

/**
 * Discovery's changeset: when the service list last changed, so a client knows to fetch it again.
 * Services are the categories (created, edited, switched off) grouped by their department's name; every
 * such admin change writes an audit row, and reference loads create categories.
 */
export async function servicesChangeset(db: Kysely<Database>): Promise<Date> {
  const [created, edited] = await Promise.all([
    db
      .selectFrom('categories')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .executeTakeFirst(),
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('object_type', 'in', ['category', 'department'])
      .executeTakeFirst(),
  ]);
  const times = [created?.at, edited?.at].filter((v) => v !== null && v !== undefined).map(Number);
  return new Date(Math.max(FIRST_CHANGESET.getTime(), ...times));
}
