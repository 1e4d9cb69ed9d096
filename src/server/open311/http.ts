// HTTP details of the Open311 API that browsers and generic clients rely on: CORS on reads so browser-based
// 311 apps can use the API, OPTIONS answered with what each resource allows, HEAD as GET without a body.
import { translator } from '../../i18n/index.ts';
import {
  processPhotos,
  chosenFiles,
  MAX_PHOTOS,
  PHOTO_ERROR_KEYS,
  type PhotoError,
  type ProcessedPhoto,
} from '../complaints/complaint-photos.ts';
import { fetchMedia } from './media-fetch.ts';
import { Open311Error } from './requests.ts';

export const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';

/** Reads are public data: any origin may read them. Writes need an api_key, so no credentials are involved either way. */
export function withCors(r: Response): Response {
  r.headers.set('Access-Control-Allow-Origin', '*');
  r.headers.set('Access-Control-Expose-Headers', 'Retry-After');
  return r;
}

export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      Allow: ALLOWED_METHODS,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': 'Content-Type, X-Api-Key',
      'Access-Control-Max-Age': '86400',
    },
  });
}

/** HEAD: the GET's status and headers, no body. */
export function headOf(r: Response): Response {
  return new Response(null, { status: r.status, headers: r.headers });
}

const photoError = (error: PhotoError, index: number) => translator('en')(PHOTO_ERROR_KEYS[error], { n: index + 1 });

/**
 * The images of a POST: multipart `media` files are checked like the form's uploads (a bad one refuses the
 * request, as the form does); a `media_url` is fetched within the limits and attached, or the reason it was
 * not is returned for the record (the request itself is still filed).
 */
export async function loadMedia(
  form: FormData | undefined,
  mediaUrl: string | undefined,
  opts: { allowHosts: readonly string[]; timeoutMs: number },
): Promise<{ photos: ProcessedPhoto[]; notAttached: string | null }> {
  const files = form ? chosenFiles(form.getAll('media')) : [];
  if (files.length) {
    const check = await processPhotos(files, MAX_PHOTOS);
    if (!check.ok) throw new Open311Error(400, `media: ${photoError(check.error, check.index)}`);
    return { photos: check.photos, notAttached: null };
  }
  if (!mediaUrl) return { photos: [], notAttached: null };
  const fetched = await fetchMedia(mediaUrl, opts);
  if (!fetched.ok) return { photos: [], notAttached: fetched.error };
  const check = await processPhotos([fetched.file], 1);
  if (!check.ok) return { photos: [], notAttached: `media_url: ${photoError(check.error, 0)}` };
  return { photos: check.photos, notAttached: null };
}
