// Atom 1.0 feeds of new and resolved complaints per area and category: the query parsed, the document
// written with every text escaped (and characters XML 1.0 forbids dropped), links from PUBLIC_URL only.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fromDbTime } from '../db/values.ts';
import { localized, translator, type Locale } from '../../i18n/index.ts';
import { listFeedComplaints, type FeedFilter } from './feed.repository.ts';

const querySchema = z.object({
  kind: z.enum(['new', 'resolved']).catch('new'),
  kecamatan: z
    .string()
    .max(20)
    .regex(/^[0-9.]+$/)
    .optional()
    .catch(undefined),
  kelurahan: z
    .string()
    .max(20)
    .regex(/^[0-9.]+$/)
    .optional()
    .catch(undefined),
  category: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
});

export function parseFeedQuery(params: URLSearchParams): FeedFilter {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''));
  return querySchema.parse(raw);
}

/** The feed's path with its filters in a fixed order: one URL (and one feed id) per feed. */
export function feedPath(f: Partial<FeedFilter>): string {
  const p = new URLSearchParams();
  p.set('kind', f.kind ?? 'new');
  if (f.kecamatan) p.set('kecamatan', f.kecamatan);
  if (f.kelurahan) p.set('kelurahan', f.kelurahan);
  if (f.category) p.set('category', f.category);
  return `/complaints/feed.atom?${p.toString()}`;
}

// XML 1.0 allows tab, newline, carriage return and these ranges only; anything else would break parsers.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface AtomFeed {
  xml: string;
  etag: string;
  updated: Date;
}

export async function complaintFeed(
  db: Kysely<Database>,
  f: FeedFilter,
  opts: { siteUrl: string; portalName: string; locale: Locale },
): Promise<AtomFeed> {
  const t = translator(opts.locale);
  const rows = await listFeedComplaints(db, f);
  const self = `${opts.siteUrl}${feedPath(f)}`;
  const updatedAt = (r: (typeof rows)[number]) =>
    fromDbTime(f.kind === 'resolved' && r.resolved_at !== null ? r.resolved_at : r.updated_at);
  // An empty feed is as old as the epoch: "updated" must not change on every request, or ETags never match.
  const updated = rows.reduce((max, r) => (updatedAt(r) > max ? updatedAt(r) : max), new Date(0));
  const entries = rows.map((r) => {
    const link = `${opts.siteUrl}/complaints/${r.code}`;
    const summary = t('follows.feed.summary', {
      category: localized({ name_id: r.category_name_id, name_en: r.category_name_en }, 'name', opts.locale),
      area: r.kelurahan_name ? `${r.kelurahan_name}, ${r.kecamatan_name}` : r.kecamatan_name,
      state: t(`complaints.states.${r.state}`),
    });
    return [
      '  <entry>',
      `    <id>${xmlText(link)}</id>`,
      `    <title>${xmlText(`${r.code}: ${r.title}`)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
      `    <published>${fromDbTime(r.submitted_at).toISOString()}</published>`,
      `    <updated>${updatedAt(r).toISOString()}</updated>`,
      `    <summary>${xmlText(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  const title = `${opts.portalName}: ${t(f.kind === 'resolved' ? 'follows.feed.resolvedTitle' : 'follows.feed.newTitle')}`;
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${opts.locale}">`,
    `  <id>${xmlText(self)}</id>`,
    `  <title>${xmlText(title)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xmlText(opts.portalName)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(`${opts.siteUrl}/complaints`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
  const etag = `"${createHash('sha256').update(xml).digest('base64url').slice(0, 27)}"`;
  return { xml, etag, updated };
}
