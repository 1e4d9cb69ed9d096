// The WhatsApp channel's commands: handle one inbound message (idempotent on its id, rate-limited per
// sender, the conversation moved on by compare-and-set, replies queued in the same transaction), and
// answer "status KODE". Replies leave through the outbox (whatsapp-outbox.ts).
import { randomBytes } from 'node:crypto';
import type { WhatsappConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import { translator, type Locale } from '../../i18n/index.ts';
import { complaintFormOptions } from '../complaints/form-options.ts';
import { getComplaintView } from '../complaints/complaints.views.ts';
import { discardStaged, pendingPhotos, stagePhotos, type StagedPhoto } from '../complaints/photo-files.ts';
import type { ProcessedPhoto } from '../complaints/complaint-photos.ts';
import { consume, rateLimitKey } from '../security/rate-limit.ts';
import { SECRET_LINK_MARKER } from '../notifications/outbox.ts';
import { logger } from '../log.ts';
import * as repo from './whatsapp.repository.ts';
import { senderHash, toE164 } from './whatsapp-identity.ts';
import { enqueueWhatsapp } from './whatsapp-outbox.ts';
import { textMessage, type Inbound, type Outgoing } from './whatsapp-messages.ts';
import {
  firstSituation,
  isCancel,
  languageSwitch,
  parseData,
  prompt,
  statusRequest,
  step,
  STATES,
  type PhotoResult,
  type Situation,
  type State,
} from './whatsapp-conversation.ts';
import { fetchPhoto, fileConversation, type FilingContext } from './whatsapp-filing.ts';
import { WHATSAPP_NOTICES, WHATSAPP_WINDOW_MS } from '../limits.ts';

/** A conversation nobody answered for this long is deleted (with what it collected). */
export const CONVERSATION_IDLE_MS = 2 * 60 * 60 * 1000;
const ATTEMPTS = 5;

export type HandleOutcome = 'handled' | 'duplicate' | 'rate_limited';

export interface ChannelContext extends FilingContext {
  cfg: WhatsappConfig;
}

export async function handleInbound(db: Db, msg: Inbound, ctx: ChannelContext): Promise<HandleOutcome> {
  const hash = await senderHash(db, msg.from);
  const now = ctx.now.getTime();
  if (!(await repo.claimMessage(db, msg.id, hash, now))) return 'duplicate';
  try {
    const limit = await consume(db, rateLimitKey('whatsapp', hash), { points: ctx.cfg.perMinute, windowMs: WHATSAPP_WINDOW_MS }, ctx.now);
    if (!limit.allowed) {
      // One notice per window once the limit is crossed; the rest are dropped unanswered.
      const notice = await consume(db, rateLimitKey('whatsapp-notice', hash), WHATSAPP_NOTICES, ctx.now);
      if (notice.allowed)
        await enqueueAll(db, toE164(msg.from), 'id', [textMessage(translator('id')('whatsapp.tooMany'))], 'rate_limited', ctx.now);
      return 'rate_limited';
    }
    await converse(db, msg, hash, ctx);
    return 'handled';
  } catch (e) {
    // Not handled: the id is given back so the Cloud API's retry of this delivery is handled then.
    await repo.releaseMessage(db, msg.id).catch(() => {});
    throw e;
  }
}

async function converse(db: Db, msg: Inbound, hash: string, ctx: ChannelContext): Promise<void> {
  const to = toE164(msg.from);
  const text = msg.kind === 'text' ? msg.text.trim() : '';
  let photo: { result: PhotoResult; photo?: ProcessedPhoto } | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = ctx.now.getTime();
    const row = await repo.findConversation(db, hash, now);
    const locale: Locale = row?.locale === 'en' ? 'en' : 'id';
    const t = translator(locale);

    const code = msg.kind === 'text' ? statusRequest(text) : null;
    if (code) {
      await enqueueAll(db, to, locale, [textMessage(await statusText(db, code, to, locale, ctx.siteUrl))], `status:${code}`, ctx.now);
      return;
    }
    if (row && msg.kind === 'text' && isCancel(text)) {
      if (await endConversation(db, row, to, locale, [textMessage(t('whatsapp.cancelled'))], ctx, {})) return;
      continue;
    }
    const options = await complaintFormOptions(db, locale);
    const switched = msg.kind === 'text' ? languageSwitch(text) : null;

    if (!row && msg.kind === 'choice') {
      // A tap on a list or button of a conversation that has ended (filed, cancelled, expired).
      await enqueueAll(db, to, locale, [textMessage(t('whatsapp.ended'))], 'ended', ctx.now);
      return;
    }
    if (!row) {
      const s = firstSituation(switched ?? locale);
      const tt = translator(s.locale);
      const replies = [textMessage(tt('whatsapp.greeting')), ...prompt(s, tt, await complaintFormOptions(db, s.locale))];
      const formId = randomBytes(16).toString('hex');
      const started = await db.transaction().execute(async (trx) => {
        if (
          !(await repo.startConversation(trx, {
            sender_hash: hash,
            state: s.state,
            locale: s.locale,
            data: '{}',
            form_id: formId,
            now,
            expires_at: now + CONVERSATION_IDLE_MS,
          }))
        )
          return false;
        await enqueueAll(trx, to, s.locale, replies, formId, ctx.now);
        return true;
      });
      if (started) return;
      continue;
    }

    const current: Situation = { state: asState(row.state), data: parseData(row.data), locale };
    if (switched) {
      const s = { ...current, locale: switched };
      const tt = translator(switched);
      if (await saveSituation(db, row, s, prompt(s, tt, await complaintFormOptions(db, switched)), to, ctx)) return;
      continue;
    }

    // A photo is fetched and checked once, then staged in the conversation's folder for this attempt.
    let staged: StagedPhoto[] = [];
    if (msg.kind === 'image' && current.state === 'photos') {
      photo ??= await fetchPhoto(ctx.cfg, msg.mediaId);
      if (photo.photo) staged = await stagePhotos(ctx.uploadDir, row.form_id, [photo.photo]);
    }
    const result = step(current, msg, t, options, msg.kind === 'image' && current.state === 'photos' ? photo?.result : undefined);
    if ('cancel' in result) {
      if (await endConversation(db, row, to, locale, [textMessage(t('whatsapp.cancelled'))], ctx, {})) return;
      continue;
    }
    if ('file' in result) {
      const outcome = await fileConversation(db, result.file, row.form_id, to, ctx);
      if (!outcome.ok) {
        if (await saveSituation(db, row, current, [textMessage(t('whatsapp.filingFailed'))], to, ctx)) return;
        continue;
      }
      const link = `${ctx.siteUrl}/complaints/${outcome.code}`;
      // The access key is never stored readable: the outbox puts it in at send time only.
      const filed = textMessage(t('whatsapp.filed', { code: outcome.code, key: SECRET_LINK_MARKER, link }));
      // Deleted without its photos: they now belong to the complaint.
      if (await endConversation(db, row, to, locale, [filed], ctx, { filedCode: outcome.code, secret: outcome.accessKey })) return;
      // A second "Kirim" handled at the same moment ended it first: the filing is the same one (idempotent
      // on the form id), so the receipt is repeated rather than a new conversation started.
      if (!(await repo.findConversation(db, hash, now))) {
        await enqueueAll(db, to, locale, [filed], outcome.code, ctx.now, outcome.accessKey);
        return;
      }
      continue;
    }
    if (await saveSituation(db, row, result.next, result.replies, to, ctx)) return;
    await discardStaged(ctx.uploadDir, staged);
  }
  logger().warn({ requestId: ctx.requestId }, 'whatsapp conversation kept changing; message not applied');
  throw new Error('conversation contended');
}

function asState(s: string): State {
  return (STATES as readonly string[]).includes(s) ? (s as State) : 'category';
}

async function saveSituation(
  db: Db,
  row: repo.ConversationRow,
  s: Situation,
  replies: Outgoing[],
  to: string,
  ctx: ChannelContext,
): Promise<boolean> {
  const now = ctx.now.getTime();
  return db.transaction().execute(async (trx) => {
    const ok = await repo.updateConversationAtVersion(trx, row.sender_hash, row.version, {
      state: s.state,
      locale: s.locale,
      data: JSON.stringify(s.data),
      now,
      expires_at: now + CONVERSATION_IDLE_MS,
    });
    if (!ok) return false;
    await enqueueAll(trx, to, s.locale, replies, row.form_id, ctx.now);
    return true;
  });
}

/**
 * Ends a conversation. Filed: its replies are retagged with the complaint's code (erasing the complaint's
 * contact data finds them) and its photos now belong to the complaint. Cancelled: what it collected is
 * deleted, the replies that quoted it included.
 */
async function endConversation(
  db: Db,
  row: repo.ConversationRow,
  to: string,
  locale: Locale,
  replies: Outgoing[],
  ctx: ChannelContext,
  end: { filedCode?: string; secret?: string },
): Promise<boolean> {
  const ended = await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteConversationAtVersion(trx, row.sender_hash, row.version))) return false;
    if (end.filedCode) await repo.retagReplies(trx, replyTopic(row.form_id), replyTopic(end.filedCode));
    else await repo.deleteReplies(trx, replyTopic(row.form_id));
    await enqueueAll(trx, to, locale, replies, end.filedCode ?? 'cancelled', ctx.now, end.secret);
    return true;
  });
  if (ended && !end.filedCode) await discardStaged(ctx.uploadDir, await pendingPhotos(ctx.uploadDir, row.form_id));
  return ended;
}

/** The outbox topic of a conversation's replies (its form id) or of a complaint's (its code). */
export function replyTopic(key: string): string {
  return `whatsapp.reply:${key}`;
}

async function enqueueAll(
  db: Db,
  to: string,
  locale: Locale,
  replies: Outgoing[],
  topic: string,
  now: Date,
  secret?: string,
): Promise<void> {
  for (const reply of replies) await enqueueWhatsapp(db, { to, locale, payload: { reply }, topic: replyTopic(topic), now, secret });
}

/**
 * "status KODE": the state anyone sees on the public page; department and the latest public note only
 * where the public page shows the content, or to the complaint's own reporter (their number).
 */
export async function statusText(db: Db, code: string, from: string, locale: Locale, siteUrl: string): Promise<string> {
  const t = translator(locale);
  const contact = await repo.findComplaintContact(db, code);
  if (!contact) return t('whatsapp.statusNotFound', { code });
  const reporter = contact.reporter_phone !== null && contact.reporter_phone === from;
  const view = await getComplaintView(db, code, { user: null, hasKey: () => reporter, locale });
  if (!view) return t('whatsapp.statusNotFound', { code });
  const lines = [t('whatsapp.status', { code, state: t(`complaints.states.${view.state}`) })];
  if (view.full && view.departmentName) lines.push(t('whatsapp.statusDepartment', { department: view.departmentName }));
  const latest = view.full ? [...view.events].reverse().find((e) => e.visibility === 'public' && e.note) : undefined;
  if (latest?.note) lines.push(t('whatsapp.statusLatest', { note: latest.note.slice(0, 600) }));
  lines.push(t('whatsapp.statusLink', { link: `${siteUrl}/complaints/${code}` }));
  return lines.join('\n');
}
