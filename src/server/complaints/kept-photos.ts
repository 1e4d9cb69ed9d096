// Photos kept between renders of a complaint form (staged on disk under the form's id) and the small
// previews the form shows of them, so a resident or a counter clerk never chooses them twice.
import { thumbnail } from './complaint-photos.ts';
import { readStaged, type StagedPhoto } from './photo-files.ts';

export interface KeptPhotoPreview {
  id: string;
  /** A data: URL of the thumbnail; undefined when the staged file could not be read. */
  src: string | undefined;
}

export async function keptPhotoPreviews(uploadDir: string, kept: readonly StagedPhoto[]): Promise<KeptPhotoPreview[]> {
  return Promise.all(
    kept.map(async (k) => {
      const data = await readStaged(uploadDir, k);
      const small = data ? await thumbnail(data) : null;
      return { id: k.finalName, src: small ? `data:image/jpeg;base64,${small.toString('base64')}` : undefined };
    }),
  );
}
