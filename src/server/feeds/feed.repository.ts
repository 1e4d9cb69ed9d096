// The rows of the public Atom feeds: the same publication rule as the public list (no confidential
// complaint, no spam), verified complaints only, and not one reporter column selected.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface FeedFilter {
  kind: 'new' | 'resolved';
  kecamatan?: string;
  kelurahan?: string;
  category?: string;
}

export const FEED_SIZE = 50;

export async function listFeedComplaints(db: Kysely<Database>, f: FeedFilter) {
  let q = db
    .selectFrom('complaints as c')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .innerJoin('areas as kec', 'kec.code', 'c.kecamatan_code')
    .leftJoin('areas as kel', 'kel.code', 'c.kelurahan_code')
    .select([
      'c.code',
      'c.title',
      'c.state',
      'c.submitted_at',
      'c.resolved_at',
      'c.updated_at',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
      'kel.common_name as kelurahan_name',
    ])
    .where('c.privacy', '!=', 'confidential')
    // Not yet verified complaints (possible bots among them) are not syndicated; spam never is.
    .where('c.state', '!=', 'submitted')
    .where((eb) => eb.or([eb('c.rejection_reason', 'is', null), eb('c.rejection_reason', '!=', 'spam')]));
  if (f.kecamatan) q = q.where('c.kecamatan_code', '=', f.kecamatan);
  if (f.kelurahan) q = q.where('c.kelurahan_code', '=', f.kelurahan);
  if (f.category) q = q.where('cat.code', '=', f.category);
  q =
    f.kind === 'resolved'
      ? q.where('c.state', 'in', ['resolved', 'closed']).where('c.resolved_at', 'is not', null).orderBy('c.resolved_at', 'desc')
      : q.orderBy('c.submitted_at', 'desc');
  return q.orderBy('c.id', 'desc').limit(FEED_SIZE).execute();
}
