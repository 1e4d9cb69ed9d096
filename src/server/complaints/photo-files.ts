// Photo files on disk. A photo is first written under a temporary name tied to its form
// (tmp-<form>-<name>-<w>x<h>.<ext>), fsynced, and only renamed to its final name (<name>.<ext>)
// after the complaint's transaction committed. Until then it is the form's pending photo, kept
// across a validation error. The cleanup job finishes renames a crash interrupted and removes
// files no row will ever name, so a kill or a full disk leaves no orphan behind.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import type { ProcessedPhoto } from './complaint-photos.ts';

export interface StagedPhoto {
  /** Temporary file name (in the upload directory). */
  tmpName: string;
  /** The name it takes after commit, recorded in complaint_photos. */
  finalName: string;
  contentType: ProcessedPhoto['contentType'];
  width: number;
  height: number;
  bytes: number;
}

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
const TYPES = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const TMP = /^tmp-([0-9a-f]{32})-([0-9a-f]{32})-(\d{1,5})x(\d{1,5})\.(jpg|png|webp)$/;
const FINAL = /^([0-9a-f]{32})\.(jpg|png|webp)$/;
/** A form's pending photos are kept this long (a resident may come back to the tab the next day). */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
/** A final-named file without a row is left alone this long (a legacy write-then-insert may be in flight). */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

function parseTmp(name: string): (StagedPhoto & { formId: string }) | null {
  const m = TMP.exec(name);
  if (!m) return null;
  const ext = m[5] as keyof typeof TYPES;
  return { formId: m[1]!, tmpName: name, finalName: `${m[2]}.${ext}`, contentType: TYPES[ext], width: Number(m[3]), height: Number(m[4]), bytes: 0 };
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
  await fs.mkdir(dir, { recursive: true });
  const staged: StagedPhoto[] = [];
  try {
    for (const p of photos) {
      const name = randomBytes(16).toString('hex');
      const ext = EXTENSIONS[p.contentType];
      const s: StagedPhoto = { tmpName: `tmp-${formId}-${name}-${p.width}x${p.height}.${ext}`, finalName: `${name}.${ext}`, contentType: p.contentType, width: p.width, height: p.height, bytes: p.data.length };
      await writeDurably(path.join(dir, s.tmpName), p.data);
      staged.push(s);
    }
  } catch (e) {
    await discardStaged(dir, staged);
    throw e;
  }
  return staged;
}

/** The form's pending photos, oldest first. */
export async function pendingPhotos(dir: string, formId: string): Promise<StagedPhoto[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const found: (StagedPhoto & { at: number })[] = [];
  for (const n of names) {
    const p = parseTmp(n);
    if (!p || p.formId !== formId) continue;
    const st = await fs.stat(path.join(dir, n)).catch(() => null);
    if (!st || st.size === 0) continue;
    found.push({ tmpName: p.tmpName, finalName: p.finalName, contentType: p.contentType, width: p.width, height: p.height, bytes: st.size, at: st.mtimeMs });
  }
  return found.sort((a, b) => a.at - b.at || a.tmpName.localeCompare(b.tmpName)).map(({ at: _, ...s }) => s);
}

export async function readStaged(dir: string, s: StagedPhoto): Promise<Buffer | null> {
  return fs.readFile(path.join(dir, s.tmpName)).catch(() => null);
}

export async function discardStaged(dir: string, staged: StagedPhoto[]): Promise<void> {
  await Promise.all(staged.map((s) => fs.rm(path.join(dir, s.tmpName), { force: true })));
}

/** After commit: gives the staged files their final names. A failure here is finished by the cleanup job. */
export async function finishStaged(dir: string, staged: StagedPhoto[]): Promise<void> {
  if (staged.length === 0) return;
  for (const s of staged) await fs.rename(path.join(dir, s.tmpName), path.join(dir, s.finalName));
  await syncDir(dir);
}

export interface PhotoCleanup {
  renamed: number;
  removed: number;
}

/**
 * The upload directory's housekeeping: a temporary file whose final name has a row was committed
 * before a crash (rename it); one without a row older than the pending lifetime was abandoned or
 * half-written (remove it); a final-named file no row names is an orphan of a legacy write (remove).
 */
export async function cleanUpPhotoFiles(db: Db, dir: string, now: Date): Promise<PhotoCleanup> {
  const result: PhotoCleanup = { renamed: 0, removed: 0 };
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return result;
  }
  const candidates = names.map((n) => ({ n, tmp: parseTmp(n), final: FINAL.test(n) })).filter((c) => c.tmp || c.final);
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const wanted = batch.map((c) => (c.tmp ? c.tmp.finalName : c.n));
    const rows = new Set((await db.selectFrom('complaint_photos').select('file_name').where('file_name', 'in', wanted).execute()).map((r) => r.file_name));
    for (const c of batch) {
      const file = path.join(dir, c.n);
      const st = await fs.stat(file).catch(() => null);
      if (!st) continue;
      const age = now.getTime() - st.mtimeMs;
      if (c.tmp) {
        if (rows.has(c.tmp.finalName)) {
          // The filing request may be finishing the same rename right now; either one is enough.
          const done = await fs.rename(file, path.join(dir, c.tmp.finalName)).then(() => true, () => false);
          if (done) result.renamed += 1;
        } else if (age > PENDING_TTL_MS) {
          await fs.rm(file, { force: true });
          result.removed += 1;
        }
      } else if (!rows.has(c.n) && age > ORPHAN_GRACE_MS) {
        await fs.rm(file, { force: true });
        result.removed += 1;
      }
    }
  }
  if (result.renamed > 0) await syncDir(dir);
  return result;
}
