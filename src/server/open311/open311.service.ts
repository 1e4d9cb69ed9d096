// Open311 GeoReport v2 resources built from the portal's own data (DESIGN.md §7):
// services are complaint categories, grouped by the department that handles them.
import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/index.ts';
import { localized } from '../../i18n/index.ts';
import type { Database } from '../db/schema.ts';
import { listCategories, listTopics } from '../reference/reference.repository.ts';

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
    // No category has extra attributes yet; the definition endpoint still answers for each.
    metadata: false,
    type: 'realtime' as const,
    keywords: [topicName.get(c.topic_code), c.department_short_name].filter(Boolean).join(', '),
    // The department that will handle it; categories a verifier routes are grouped by topic.
    group: c.department_short_name ?? topicName.get(c.topic_code) ?? '',
  }));
}

export async function serviceDefinition(db: Kysely<Database>, code: string) {
  const cat = await db.selectFrom('categories').select('code').where('code', '=', code).where('active', '=', 1).executeTakeFirst();
  if (!cat) return undefined;
  return { service_code: cat.code, attributes: [] as object[] };
}
