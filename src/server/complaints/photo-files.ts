// Photo files on disk. A photo is first written under a temporary name in its form's own folder
// (pending/<form>/<name>-<w>x<h>.<ext>, so listing a form's photos never reads the whole upload
// directory), fsynced, and only renamed to its final name (<name>.<ext>) after the complaint's
// transaction committed. Until then it is the form's pending photo, kept
// across a validation error. The cleanup job finishes renames a crash interrupted and removes
// files no row will ever name, so a kill or a full disk leaves no orphan behind.
// Each photo may have a thumbnail beside it (<name>.thumb.jpg, staged as pending/<form>/<name>.thumb.jpg)
// that follows the same discipline: written durably with the photo, renamed after the same commit,
// removed with it.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { PHOTO_NAMES_BATCH, THUMB_NAMES_BATCH } from '../limits.ts';

/** The image types stored (what complaint-photos.ts re-encodes to and accepts). */
export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A checked, re-encoded photo ready to be stored. */
export interface ProcessedPhoto {
  data: Buffer;
  contentType: PhotoContentType;
  width: number;
  height: number;
  /** The small JPEG derivative (THUMB_WIDTH wide), stored next to the photo; absent when it could not be made. */
  thumb?: Buffer;
}

export interface StagedPhoto {
  /** Temporary file path, relative to the upload directory. */
  tmpName: string;
  /** The name it takes after commit, recorded in complaint_photos. */
  finalName: string;
  contentType: PhotoContentType;
  width: number;
  height: number;
  bytes: number;
}

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
const TYPES = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const PENDING = 'pending';
const FORM = /^[0-9a-f]{32}$/;
const TMP = /^([0-9a-f]{32})-(\d{1,5})x(\d{1,5})\.(jpg|png|webp)$/;
const FINAL = /^([0-9a-f]{32})\.(jpg|png|webp)$/;
const THUMB = /^([0-9a-f]{32})\.thumb\.jpg$/;

/** The thumbnail's file name for a photo's final name (`<name>.thumb.jpg`). */
export function thumbName(finalName: string): string {
  return `${finalName.replace(/\.[a-z]+$/, '')}.thumb.jpg`;
}

/** Where a staged photo's thumbnail waits for the commit (beside the photo, in the form's folder). */
function stagedThumb(s: StagedPhoto): string {
  return path.join(path.dirname(s.tmpName), thumbName(s.finalName));
}
/** A form's pending photos are kept this long (a resident may come back to the tab the next day). */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A final-named file without a row is left alone this long: storePhotos writes files before the
 * transaction that inserts their rows, which may still be in flight.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

function parseTmp(formId: string, name: string): StagedPhoto | null {
  const m = TMP.exec(name);
  if (!m) return null;
  const ext = m[4] as keyof typeof TYPES;
  return {
    tmpName: path.join(PENDING, formId, name),
    finalName: `${m[1]}.${ext}`,
    contentType: TYPES[ext],
    width: Number(m[2]),
    height: Number(m[3]),
    bytes: 0,
  };
}

/** Removes a form's pending folder once it is empty (fails harmlessly otherwise). */
async function removeFormDir(dir: string, formId: string): Promise<void> {
  await fs.rmdir(path.join(dir, PENDING, formId)).catch(() => {});
}

/** Writes a whole file and makes it durable before returning; on any failure nothing is left. */
export async function writeDurably(file: string, data: Buffer): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'wx', 0o640);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (e) {
    await handle?.close().catch(() => {});
    await fs.rm(file, { force: true });
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Writes photos as the form's pending files (fsynced); on failure none of them is left. */
export async function stagePhotos(dir: string, formId: string, photos: ProcessedPhoto[]): Promise<StagedPhoto[]> {
  if (!FORM.test(formId)) throw new Error('invalid form id');
  if (photos.length === 0) return [];
  await fs.mkdir(path.join(dir, PENDING, formId), { recursive: true });
  const staged: StagedPhoto[] = [];
  try {
    for (const p of photos) {
      const name = randomBytes(16).toString('hex');
      const ext = EXTENSIONS[p.contentType];
      const s: StagedPhoto = {
        tmpName: path.join(PENDING, formId, `${name}-${p.width}x${p.height}.${ext}`),
        finalName: `${name}.${ext}`,
        contentType: p.contentType,
        width: p.width,
        height: p.height,
        bytes: p.data.length,
      };
      try {
        await writeDurably(path.join(dir, s.tmpName), p.data);
      } catch (e) {
        // Another request (the other tap of a double tap, the cleanup job) may have just removed the
        // form's folder when it looked empty: make it again, once.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        await fs.mkdir(path.join(dir, PENDING, formId), { recursive: true });
        await writeDurably(path.join(dir, s.tmpName), p.data);
      }
      staged.push(s);
      if (p.thumb) await writeDurably(path.join(dir, stagedThumb(s)), p.thumb);
    }
  } catch (e) {
    await discardStaged(dir, staged);
    throw e;
  }
  return staged;
}

/** The form's pending photos, oldest first. */
export async function pendingPhotos(dir: string, formId: string): Promise<StagedPhoto[]> {
  if (!FORM.test(formId)) return [];
  let names: string[];
  try {
    names = await fs.readdir(path.join(dir, PENDING, formId));
  } catch {
    return [];
  }
  const found: (StagedPhoto & { at: number })[] = [];
  for (const n of names) {
    const p = parseTmp(formId, n);
    if (!p) continue;
    const st = await fs.stat(path.join(dir, p.tmpName)).catch(() => null);
    if (!st || st.size === 0) continue;
    found.push({
      tmpName: p.tmpName,
      finalName: p.finalName,
      contentType: p.contentType,
      width: p.width,
      height: p.height,
      bytes: st.size,
      at: st.mtimeMs,
    });
  }
  return found.sort((a, b) => a.at - b.at || a.tmpName.localeCompare(b.tmpName)).map(({ at: _, ...s }) => s);
}

export async function readStaged(dir: string, s: StagedPhoto): Promise<Buffer | null> {
  return fs.readFile(path.join(dir, s.tmpName)).catch(() => null);
}

export async function discardStaged(dir: string, staged: StagedPhoto[]): Promise<void> {
  await Promise.all(
    staged.flatMap((s) => [fs.rm(path.join(dir, s.tmpName), { force: true }), fs.rm(path.join(dir, stagedThumb(s)), { force: true })]),
  );
  for (const form of new Set(staged.map((s) => path.basename(path.dirname(s.tmpName))))) await removeFormDir(dir, form);
}

/** After commit: gives the staged files their final names. A failure here is finished by the cleanup job. */
export async function finishStaged(dir: string, staged: StagedPhoto[]): Promise<void> {
  if (staged.length === 0) return;
  for (const s of staged) {
    await fs.rename(path.join(dir, s.tmpName), path.join(dir, s.finalName));
    // A photo kept from before thumbnails existed has none: the route then serves the photo itself.
    await fs.rename(path.join(dir, stagedThumb(s)), path.join(dir, thumbName(s.finalName))).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
  await syncDir(dir);
  for (const form of new Set(staged.map((s) => path.basename(path.dirname(s.tmpName))))) await removeFormDir(dir, form);
}

export interface PhotoCleanup {
  renamed: number;
  removed: number;
}

/**
 * The upload directory's housekeeping: a temporary file whose final name has a row was committed
 * before a crash (rename it); one without a row older than the pending lifetime was abandoned or
 * half-written (remove it); a final-named file no row names after that grace is an orphan of a write whose insert failed (remove).
 */
export async function cleanUpPhotoFiles(db: Db, dir: string, now: Date): Promise<PhotoCleanup> {
  const result: PhotoCleanup = { renamed: 0, removed: 0 };
  const list = (d: string) => fs.readdir(d).catch(() => [] as string[]);
  const age = async (file: string) => {
    const st = await fs.stat(file).catch(() => null);
    return st ? now.getTime() - st.mtimeMs : null;
  };
  const named = async (names: string[]) =>
    names.length === 0
      ? new Set<string>()
      : new Set(
          (await db.selectFrom('complaint_photos').select('file_name').where('file_name', 'in', names).execute()).map((r) => r.file_name),
        );

  for (const formId of (await list(path.join(dir, PENDING))).filter((f) => FORM.test(f))) {
    const files = await list(path.join(dir, PENDING, formId));
    const staged = files.map((n) => parseTmp(formId, n)).filter((p): p is StagedPhoto => p !== null);
    // A staged thumbnail's photo is `<name>.<any extension>`; look both kinds up in one query.
    const thumbs = files.filter((n) => THUMB.test(n));
    const photoOf = (thumb: string) => ['jpg', 'png', 'webp'].map((ext) => `${THUMB.exec(thumb)![1]}.${ext}`);
    const rows = await named([...staged.map((p) => p.finalName), ...thumbs.flatMap(photoOf)]);
    for (const t of thumbs) {
      const file = path.join(dir, PENDING, formId, t);
      if (photoOf(t).some((n) => rows.has(n))) {
        if (
          await fs.rename(file, path.join(dir, t)).then(
            () => true,
            () => false,
          )
        )
          result.renamed += 1;
      } else if (((await age(file)) ?? 0) > PENDING_TTL_MS) {
        await fs.rm(file, { force: true });
        result.removed += 1;
      }
    }
    for (const p of staged) {
      const file = path.join(dir, p.tmpName);
      if (rows.has(p.finalName)) {
        // The filing request may be finishing the same rename right now; either one is enough.
        if (
          await fs.rename(file, path.join(dir, p.finalName)).then(
            () => true,
            () => false,
          )
        )
          result.renamed += 1;
      } else if (((await age(file)) ?? 0) > PENDING_TTL_MS) {
        await fs.rm(file, { force: true });
        result.removed += 1;
      }
    }
    await removeFormDir(dir, formId);
  }

  const finals = (await list(dir)).filter((n) => FINAL.test(n));
  for (let i = 0; i < finals.length; i += PHOTO_NAMES_BATCH) {
    const batch = finals.slice(i, i + PHOTO_NAMES_BATCH);
    const rows = await named(batch);
    for (const n of batch) {
      if (rows.has(n) || ((await age(path.join(dir, n))) ?? 0) <= ORPHAN_GRACE_MS) continue;
      await fs.rm(path.join(dir, n), { force: true });
      result.removed += 1;
    }
  }
  // A thumbnail whose photo no row names goes too, after the same grace.
  const orphanThumbs = (await list(dir)).filter((n) => THUMB.test(n));
  for (let i = 0; i < orphanThumbs.length; i += THUMB_NAMES_BATCH) {
    const batch = orphanThumbs.slice(i, i + THUMB_NAMES_BATCH);
    const candidates = (t: string) => ['jpg', 'png', 'webp'].map((ext) => `${THUMB.exec(t)![1]}.${ext}`);
    const rows = await named(batch.flatMap(candidates));
    for (const t of batch) {
      if (candidates(t).some((n) => rows.has(n)) || ((await age(path.join(dir, t))) ?? 0) <= ORPHAN_GRACE_MS) continue;
      await fs.rm(path.join(dir, t), { force: true });
      result.removed += 1;
    }
  }
  if (result.renamed > 0) await syncDir(dir);
  return result;
}
