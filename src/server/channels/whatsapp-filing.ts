// The two steps of the WhatsApp conversation that touch more than the conversation row: a photo (fetched
// from the Graph API, through the web form's image pipeline, staged in the conversation's form folder)
// and the filing (submitComplaint with channel 'whatsapp', idempotent on the conversation's form id).
import type { WhatsappConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { MAX_PHOTO_BYTES, processPhotos, type ProcessedPhoto } from '../complaints/complaint-photos.ts';
import { submitComplaint, type SubmitOutcome } from '../complaints/complaints.service.ts';
import { accessKeyForForm } from '../complaints/form-token.ts';
import { pendingPhotos } from '../complaints/photo-files.ts';
import { downloadMedia } from './whatsapp-graph.ts';
import { titleFrom, type PhotoResult, type Situation } from './whatsapp-conversation.ts';

/** A received image made into a stored-photo candidate, or why not. */
export async function fetchPhoto(cfg: WhatsappConfig, mediaId: string): Promise<{ result: PhotoResult; photo?: ProcessedPhoto }> {
  let media;
  try {
    media = await downloadMedia(cfg, mediaId, MAX_PHOTO_BYTES);
  } catch {
    return { result: { ok: false, error: 'unavailable' } };
  }
  if (!media.ok) return { result: { ok: false, error: media.error } };
  const ext = media.mimeType === 'image/png' ? 'png' : media.mimeType === 'image/webp' ? 'webp' : 'jpg';
  const checked = await processPhotos([new File([new Uint8Array(media.bytes)], `whatsapp.${ext}`, { type: media.mimeType })], 1);
  if (!checked.ok) {
    const error =
      checked.error === 'too_large' ? 'too_large' : checked.error === 'not_image' || checked.error === 'markup' ? 'not_image' : 'corrupt';
    return { result: { ok: false, error } };
  }
  return { result: { ok: true }, photo: checked.photos[0] };
}

export interface FilingContext {
  now: Date;
  uploadDir: string;
  siteUrl: string;
  requestId?: string;
}

/** Files the conversation's complaint; a second call with the same form id answers the first filing. */
export async function fileConversation(db: Db, s: Situation, formId: string, phone: string, ctx: FilingContext): Promise<SubmitOutcome> {
  const d = s.data;
  if (!d.category || !d.kelurahan || !d.description || !d.privacy) return { ok: false, errors: { form: 'whatsapp.filingFailed' } };
  return submitComplaint(
    db,
    {
      category: d.category,
      title: titleFrom(d.description),
      description: d.description,
      kota: d.kota,
      kecamatan: d.kecamatan,
      kelurahan: d.kelurahan,
      address: undefined,
      latitude: d.latitude,
      longitude: d.longitude,
      privacy: d.privacy,
      show_name: false,
      name: undefined,
      email: undefined,
      phone,
    },
    [],
    {
      user: null,
      now: ctx.now,
      calendar: await loadCalendar(db),
      uploadDir: ctx.uploadDir,
      requestId: ctx.requestId,
      siteUrl: ctx.siteUrl,
      locale: s.locale,
      form: { formId, accessKey: await accessKeyForForm(db, formId), suspect: null, staged: await pendingPhotos(ctx.uploadDir, formId) },
      channel: 'whatsapp',
    },
  );
}
