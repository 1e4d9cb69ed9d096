// What arrives on the webhook, reduced to what the conversation needs, and the messages sent back.
// Shapes from Meta's webhook reference (object whatsapp_business_account → entry[].changes[].value with
// metadata, contacts[], messages[] and statuses[]) and the Messages API (text, interactive list and
// button, template). Limits kept here: a list has at most 10 rows over all its sections, a row title
// 24 characters and a description 72, the list button 20, a reply button title 20, a body 1024.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages

export type Inbound =
  | (Base & { kind: 'text'; text: string })
  | (Base & { kind: 'choice'; choiceId: string })
  | (Base & { kind: 'location'; latitude: number; longitude: number })
  | (Base & { kind: 'image'; mediaId: string })
  | (Base & { kind: 'other' });

interface Base {
  id: string;
  /** The sender's number as the Cloud API gives it: digits, country code first, no '+'. */
  from: string;
  /** When WhatsApp received it (epoch ms). */
  at: number;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The messages of a webhook body addressed to our phone number id; statuses and other numbers are skipped. */
export function inboundMessages(body: unknown, phoneNumberId: string): Inbound[] {
  const root = obj(body);
  if (!root || root.object !== 'whatsapp_business_account') return [];
  const out: Inbound[] = [];
  for (const entry of arr(root.entry)) {
    for (const change of arr(obj(entry)?.changes)) {
      const c = obj(change);
      const value = obj(c?.value);
      if (!value || c?.field !== 'messages') continue;
      if (str(obj(value.metadata)?.phone_number_id) !== phoneNumberId) continue;
      for (const raw of arr(value.messages)) {
        const m = parseMessage(obj(raw));
        if (m) out.push(m);
      }
    }
  }
  return out;
}

function parseMessage(m: Json | null): Inbound | null {
  if (!m) return null;
  const id = str(m.id);
  const from = str(m.from);
  if (!id || id.length > 200 || !from || !/^\d{6,15}$/.test(from)) return null;
  const seconds = Number(str(m.timestamp) ?? m.timestamp);
  const base: Base = { id, from, at: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now() };
  switch (m.type) {
    case 'text': {
      const text = str(obj(m.text)?.body);
      return text !== null ? { ...base, kind: 'text', text: text.slice(0, 6000) } : { ...base, kind: 'other' };
    }
    case 'interactive': {
      const i = obj(m.interactive);
      const choiceId = str(obj(i?.list_reply)?.id) ?? str(obj(i?.button_reply)?.id);
      return choiceId ? { ...base, kind: 'choice', choiceId: choiceId.slice(0, 200) } : { ...base, kind: 'other' };
    }
    case 'button': {
      // A quick-reply button of a template message carries its payload.
      const payload = str(obj(m.button)?.payload) ?? str(obj(m.button)?.text);
      return payload ? { ...base, kind: 'text', text: payload.slice(0, 200) } : { ...base, kind: 'other' };
    }
    case 'location': {
      const l = obj(m.location);
      const latitude = Number(l?.latitude);
      const longitude = Number(l?.longitude);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180)
        return { ...base, kind: 'other' };
      return { ...base, kind: 'location', latitude, longitude };
    }
    case 'image': {
      const mediaId = str(obj(m.image)?.id);
      return mediaId ? { ...base, kind: 'image', mediaId } : { ...base, kind: 'other' };
    }
    default:
      return { ...base, kind: 'other' };
  }
}

// --- outgoing ---

export type Outgoing = Record<string, unknown>;

/** Cuts a text to `max` characters (code points), with an ellipsis when it had to. */
export function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function textMessage(body: string): Outgoing {
  return { type: 'text', text: { preview_url: false, body: fit(body, 4096) } };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** At most 10 rows (the Cloud API's limit over all sections), in one section. */
export function listMessage(body: string, button: string, rows: ListRow[]): Outgoing {
  if (rows.length === 0 || rows.length > 10) throw new Error(`a list message has 1 to 10 rows, not ${rows.length}`);
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: fit(body, 1024) },
      action: {
        button: fit(button, 20),
        sections: [
          {
            rows: rows.map((r) => ({
              id: r.id.slice(0, 200),
              title: fit(r.title, 24),
              ...(r.description ? { description: fit(r.description, 72) } : {}),
            })),
          },
        ],
      },
    },
  };
}

/** Up to 3 reply buttons. */
export function buttonsMessage(body: string, buttons: { id: string; title: string }[]): Outgoing {
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: fit(body, 1024) },
      action: { buttons: buttons.slice(0, 3).map((b) => ({ type: 'reply', reply: { id: b.id, title: fit(b.title, 20) } })) },
    },
  };
}

/** An approved template with its body variables, in the resident's language. */
export function templateMessage(name: string, locale: string, bodyParams: string[]): Outgoing {
  return {
    type: 'template',
    template: {
      name,
      language: { code: locale === 'en' ? 'en' : 'id' },
      components: [{ type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text })) }],
    },
  };
}

/**
 * One page of a long list: at most 8 items plus "previous"/"next" rows, so the message stays within
 * the 10 rows a list may have. `pageId(n)` names the row that opens page n.
 */
export function pageOf<T>(items: T[], page: number, perPage = 8): { items: T[]; page: number; hasPrev: boolean; hasNext: boolean } {
  const last = Math.max(0, Math.ceil(items.length / perPage) - 1);
  const p = Math.min(Math.max(0, Math.trunc(page) || 0), last);
  return { items: items.slice(p * perPage, (p + 1) * perPage), page: p, hasPrev: p > 0, hasNext: p < last };
}

/**
 * What a person reads of a queued WhatsApp message (the admin's outbox list): the text, the list rows
 * or buttons one per line, or the template's name and variables; never the Graph API's JSON.
 */
export function readableWhatsapp(bodyText: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch {
    return bodyText;
  }
  const p = payload as { reply?: Record<string, any>; notice?: { text?: string } };
  if (p.notice && typeof p.notice.text === 'string') return p.notice.text;
  const m = p.reply;
  if (!m) return bodyText;
  if (m.type === 'text') return String(m.text?.body ?? '');
  if (m.type === 'interactive') {
    const rows: string[] = (m.interactive?.action?.sections ?? []).flatMap((s: any) => (s.rows ?? []).map((r: any) => `• ${r.title}`));
    const buttons: string[] = (m.interactive?.action?.buttons ?? []).map((b: any) => `[${b.reply?.title ?? ''}]`);
    return [String(m.interactive?.body?.text ?? ''), ...rows, ...buttons].join('\n');
  }
  if (m.type === 'template') {
    const params: string[] = (m.template?.components ?? []).flatMap((c: any) => (c.parameters ?? []).map((x: any) => String(x.text ?? '')));
    return [`${m.template?.name ?? ''}:`, ...params].join('\n');
  }
  return bodyText;
}
