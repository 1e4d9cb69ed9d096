// Open data: the SKM results of /statistics/skm as CSV (one row per department, period and unsur).
import type { APIRoute } from 'astro';
import { stringify } from 'csv-stringify/sync';
import { allowPublic } from '../../server/auth/guard.ts';
import { getDb } from '../../server/db/index.ts';
import { formulaSafe } from '../../server/exports/formula-safe.ts';
import { publicSkm } from '../../server/surveys/skm.service.ts';
import { skmOpenData } from '../../server/surveys/skm.view.ts';

export const GET: APIRoute = async (ctx) => {
  await allowPublic(ctx);
  const table = skmOpenData(await publicSkm(getDb()));
  // Machine-readable: a header row and data rows only (no title block), like /statistics.csv.
  const body = stringify([
    table.columns.map((c) => c.key),
    ...table.rows.map((r) =>
      table.columns.map((c) => {
        const v = r[c.key];
        return v === null || v === undefined ? '' : typeof v === 'string' ? formulaSafe(v) : v;
      }),
    ),
  ]);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="skm.csv"',
      'Cache-Control': 'public, no-cache',
    },
  });
};
