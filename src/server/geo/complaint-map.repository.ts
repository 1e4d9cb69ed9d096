// The public complaint map's query: the public list's rows (no confidential complaint, no spam) that
// carry a point, with only the columns the map shows: no reporter field is selected at all.
import type { Db } from '../db/index.ts';
import { publicListQuery, type PublicListFilter } from '../complaints/complaints.repository.ts';

export async function listPublicComplaintPoints(db: Db, f: PublicListFilter, limit: number) {
  return publicListQuery(db, f)
    .where('c.latitude', 'is not', null)
    .where('c.longitude', 'is not', null)
    .select([
      'c.code',
      'c.title',
      'c.state',
      'c.latitude',
      'c.longitude',
      'c.kecamatan_code',
      'cat.code as category_code',
      'cat.name_id as category_name_id',
      'cat.name_en as category_name_en',
      'kec.common_name as kecamatan_name',
    ])
    .orderBy('c.submitted_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}
