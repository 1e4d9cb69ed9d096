// Complaint photos: checked by content, re-encoded (EXIF/GPS gone, rotated upright, at most 2048 px),
// stored under generated names (durably: written whole and fsynced, or not at all).
import type { FieldErrors } from '../http/forms.ts';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { thumbName, writeDurably, type ProcessedPhoto } from './photo-files.ts';

export type { ProcessedPhoto };

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/**
 * A decompression bomb (a small file that expands to a huge bitmap) is refused from its header,
 * before decoding. 40 MP passes every phone's normal photo (12–16 MP, 4:3 32 MP sensors) and refuses
 * a 7000×7000 PNG, whose decode cost seconds of CPU and hundreds of MB per request.
 */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** Images decoded at once in this process; more requests wait their turn instead of multiplying memory. */
export const MAX_CONCURRENT_IMAGES = 2;
export const MAX_DIMENSION = 2048;
/** Long side the browser scales a chosen photo to before sending (src/scripts/complaint-form.ts). */
export const BROWSER_RESIZE_MAX = 1600;
/** Width of the derivative shown in lists and galleries (a phone's column at 2x density). */
export const THUMB_WIDTH = 320;
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);
// Markup hidden in an image (HTML/JPEG polyglots) is refused even though the re-encode would drop it.
const MARKUP = /<(script|html|body|iframe|object|embed|svg[\s>])|<!doctype/i;

// One libvips thread per image and no operation cache: the semaphore bounds the work instead.
sharp.concurrency(1);
sharp.cache(false);

let running = 0;
const waiting: (() => void)[] = [];

async function withImageSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_IMAGES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

export type PhotoError = 'too_many' | 'empty' | 'too_large' | 'bad_name' | 'not_image' | 'markup' | 'too_many_pixels' | 'corrupt';

export type PhotoCheck = { ok: true; photos: ProcessedPhoto[] } | { ok: false; error: PhotoError; index: number };

/** The message of each refusal (the i18n keys keep their camelCase names). */
export const PHOTO_ERROR_KEYS = {
  too_many: 'complaints.photoErrors.tooMany',
  empty: 'complaints.photoErrors.empty',
  too_large: 'complaints.photoErrors.tooLarge',
  bad_name: 'complaints.photoErrors.badName',
  not_image: 'complaints.photoErrors.notImage',
  markup: 'complaints.photoErrors.markup',
  too_many_pixels: 'complaints.photoErrors.tooManyPixels',
  corrupt: 'complaints.photoErrors.corrupt',
} as const satisfies Record<PhotoError, string>;

/**
 * The photos a form chose in `field`, checked and re-encoded, at most `max` of them; a refusal is the
 * field's error (an i18n key) and the refused photo's number (1-based) for the message.
 */
export async function readChosenPhotos(
  form: FormData,
  field: string,
  max: number,
): Promise<{ ok: true; photos: ProcessedPhoto[] } | { ok: false; errors: FieldErrors; photoNumber: number }> {
  const files = chosenFiles(form.getAll(field));
  if (files.length === 0) return { ok: true, photos: [] };
  const check = await processPhotos(files, max);
  if (check.ok) return check;
  return { ok: false, errors: { [field]: PHOTO_ERROR_KEYS[check.error] }, photoNumber: check.index + 1 };
}

/** The files a form really carries: a browser sends an empty nameless part when none was chosen. */
export function chosenFiles(values: FormDataEntryValue[]): File[] {
  return values.filter((v): v is File => typeof v !== 'string' && !(v.size === 0 && v.name === ''));
}

/** Checks and re-encodes every photo in memory; nothing touches the disk here. */
export async function processPhotos(files: File[], max = MAX_PHOTOS): Promise<PhotoCheck> {
  if (files.length > max) return { ok: false, error: 'too_many', index: max };
  const photos: ProcessedPhoto[] = [];
  for (const [index, file] of files.entries()) {
    const r = await withImageSlot(() => processPhoto(file));
    if (!r.ok) return { ok: false, error: r.error, index };
    photos.push(r.photo);
  }
  return { ok: true, photos };
}

async function processPhoto(file: File): Promise<{ ok: true; photo: ProcessedPhoto } | { ok: false; error: PhotoError }> {
  if (/[\\/]|\.\.|[\x00-\x1f]/.test(file.name)) return { ok: false, error: 'bad_name' };
  if (file.size === 0) return { ok: false, error: 'empty' };
  if (file.size > MAX_PHOTO_BYTES) return { ok: false, error: 'too_large' };
  const input = Buffer.from(await file.arrayBuffer());
  const type = await fileTypeFromBuffer(input);
  if (!type || !ACCEPTED.has(type.mime)) return { ok: false, error: 'not_image' };
  if (MARKUP.test(input.toString('latin1'))) return { ok: false, error: 'markup' };
  try {
    const image = sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'warning', sequentialRead: true });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return { ok: false, error: 'corrupt' };
    if (meta.width * meta.height > MAX_PHOTO_PIXELS) return { ok: false, error: 'too_many_pixels' };
    // rotate() applies the EXIF orientation; no withMetadata(), so EXIF, GPS and ICC text are dropped.
    let pipeline = image.rotate().resize(MAX_DIMENSION, MAX_DIMENSION, { fit: 'inside', withoutEnlargement: true });
    const contentType = type.mime as ProcessedPhoto['contentType'];
    pipeline =
      contentType === 'image/png'
        ? pipeline.png({ compressionLevel: 9 })
        : contentType === 'image/webp'
          ? pipeline.webp({ quality: 82 })
          : pipeline.jpeg({ quality: 82, mozjpeg: true });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { ok: true, photo: { data, contentType, width: info.width, height: info.height, thumb: await makeThumb(data) } };
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    if (/pixel limit/i.test(msg)) return { ok: false, error: 'too_many_pixels' };
    return { ok: false, error: 'corrupt' };
  }
}

/**
 * The derivative lists show instead of the full photo (a few kB instead of hundreds on a phone).
 * Made from the already re-encoded photo, so it carries no metadata either; JPEG on white because
 * every browser shows it and a transparent PNG must not turn black.
 */
async function makeThumb(data: Buffer): Promise<Buffer | undefined> {
  try {
    return await sharp(data, { limitInputPixels: MAX_PHOTO_PIXELS })
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 70, mozjpeg: true })
      .toBuffer();
  } catch {
    return undefined; // the photo is still stored; the route falls back to it
  }
}

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/** Writes the photos under fresh random names; returns the names (to record, or to delete on failure). */
export async function storePhotos(dir: string, photos: ProcessedPhoto[]): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const names: string[] = [];
  try {
    for (const p of photos) {
      const name = `${randomBytes(16).toString('hex')}.${EXTENSIONS[p.contentType]}`;
      names.push(name);
      await writeDurably(path.join(dir, name), p.data);
      if (p.thumb) await writeDurably(path.join(dir, thumbName(name)), p.thumb);
    }
  } catch (e) {
    await removePhotos(dir, names);
    throw e;
  }
  return names;
}

/** Removes photos and their thumbnails (a thumbnail that was never made is no error). */
export async function removePhotos(dir: string, names: string[]): Promise<void> {
  await Promise.all(
    names.flatMap((n) => [fs.rm(path.join(dir, n), { force: true }), fs.rm(path.join(dir, thumbName(n)), { force: true })]),
  );
}

const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|webp)$/;

/** Reads a stored photo by its generated name; null for anything else. */
export async function readPhoto(dir: string, name: string): Promise<Buffer | null> {
  if (!STORED_NAME.test(name)) return null;
  try {
    return await fs.readFile(path.join(dir, name));
  } catch {
    return null;
  }
}

/** A stored photo's thumbnail; null when it has none (photos stored before thumbnails existed). */
export async function readThumb(dir: string, name: string): Promise<Buffer | null> {
  if (!STORED_NAME.test(name)) return null;
  return fs.readFile(path.join(dir, thumbName(name))).catch(() => null);
}

/** A small JPEG preview of an already re-encoded photo, for the form's kept-photos list. */
export async function thumbnail(data: Buffer): Promise<Buffer | null> {
  try {
    return await withImageSlot(() =>
      sharp(data, { limitInputPixels: MAX_PHOTO_PIXELS }).resize(160, 160, { fit: 'inside' }).jpeg({ quality: 60 }).toBuffer(),
    );
  } catch {
    return null;
  }
}
