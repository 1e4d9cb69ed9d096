// Serves a complaint photo under the complaint's access rules: 404 for anyone who may not see the content.
// `?size=thumb` serves the small derivative stored beside it (same rules). A photo stored before
// thumbnails existed has none and gets the full image: deriving one here would let anonymous GETs
// queue image decoding and disk writes on the read path, and such photos age out with retention.
import type { APIRoute } from 'astro';
import { getDb } from '../../../../server/db/index.ts';
import { config } from '../../../../server/config.ts';
import { findComplaintByCode, findPhotoWithComplaint } from '../../../../server/complaints/complaints.repository.ts';
import { canSeeContent, isContentPublic } from '../../../../server/complaints/complaints.policy.ts';
import { hasAccessKey } from '../../../../server/complaints/access-cookie.ts';
import { readPhoto, readThumb } from '../../../../server/complaints/complaint-photos.ts';
import { allowPublic } from '../../../../server/auth/guard.ts';

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export const GET: APIRoute = async (ctx) => {
  // Open to everyone; the complaint's own access rules decide below.
  await allowPublic(ctx);
  const { params, cookies, locals } = ctx;
  const db = getDb();
  const name = params.name ?? '';
  const photo = await findPhotoWithComplaint(db, name);
  if (!photo || photo.code !== params.code) return notFound();
  const c = await findComplaintByCode(db, photo.code);
  if (!c || !canSeeContent(locals.user, c, hasAccessKey(cookies, c.code, c.access_key_hash))) return notFound();
  const thumb = ctx.url.searchParams.get('size') === 'thumb' ? await readThumb(config().uploadDir, photo.file_name) : null;
  const data = thumb ?? (await readPhoto(config().uploadDir, photo.file_name));
  if (!data) return notFound();
  return new Response(new Uint8Array(data), {
    status: 200,
    headers: {
      'Content-Type': thumb ? 'image/jpeg' : photo.content_type,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
      'Cache-Control': isContentPublic(c) ? 'public, max-age=300' : 'private, no-store',
    },
  });
};
