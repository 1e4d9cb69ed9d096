// The complaint conversation as a state machine, without I/O: given where a sender is, what they have
// answered and their new message, it says where they go next and what to send back. The service
// (whatsapp.service.ts) reads and writes the conversation and files the complaint.
//
// category ─▶ location ─▶ kecamatan ─▶ kelurahan ─▶ description ─▶ photos ─▶ privacy ─▶ confirm ─▶ (file)
// In a region with a kota level (Jakarta) the kecamatan step asks for the kota first, then lists its kecamatan.
// Long lists (categories, kecamatan, kelurahan) are paged: 8 rows and "previous"/"next" rows a page.
import type { Locale, Translate } from '../../i18n/index.ts';
import type { FormOptions } from '../complaints/form-options.ts';
import { PRIVACY_LEVELS, type Privacy } from '../complaints/complaint-states.ts';
import { buttonsMessage, fit, listMessage, pageOf, textMessage, type Inbound, type ListRow, type Outgoing } from './whatsapp-messages.ts';
import type { Outcome } from '../outcome.ts';

export const STATES = ['category', 'location', 'kecamatan', 'kelurahan', 'description', 'photos', 'privacy', 'confirm'] as const;
export type State = (typeof STATES)[number];
export const MAX_WHATSAPP_PHOTOS = 3;

export interface ConversationData {
  category?: string;
  latitude?: number;
  longitude?: number;
  /** The kota chosen first in a region with a kota level (NN.NN). */
  kota?: string;
  kecamatan?: string;
  kelurahan?: string;
  description?: string;
  photos?: number;
  privacy?: Privacy;
  /** The page of the list on screen. */
  page?: number;
}

export interface Situation {
  state: State;
  data: ConversationData;
  locale: Locale;
}

/** What a photo message came to, worked out by the service (download, image pipeline, storage). */
export type PhotoResult = Outcome<object, 'too_large' | 'not_image' | 'unavailable' | 'corrupt'>;

/** The reply to each refused photo (the i18n keys keep their camelCase names). */
const PHOTO_REFUSED = {
  too_large: 'whatsapp.photoRefused.tooLarge',
  not_image: 'whatsapp.photoRefused.notImage',
  unavailable: 'whatsapp.photoRefused.unavailable',
  corrupt: 'whatsapp.photoRefused.corrupt',
} as const;

export type StepResult = { next: Situation; replies: Outgoing[] } | { file: Situation } | { cancel: true };

const SKIP = /^(lewati|skip|selesai|done|tidak ada|none)$/i;
const YES = /^(ya|iya|kirim|yes|send|ok)$/i;
const NO = /^(tidak|no|batal|cancel)$/i;

export function isCancel(text: string): boolean {
  return /^(batal|cancel|stop)$/i.test(text.trim());
}

/** "english"/"en" → en, "indonesia"/"bahasa"/"id" → id; otherwise null. */
export function languageSwitch(text: string): Locale | null {
  const s = text.trim().toLowerCase();
  if (s === 'english' || s === 'en') return 'en';
  if (s === 'indonesia' || s === 'bahasa' || s === 'bahasa indonesia' || s === 'id') return 'id';
  return null;
}

/** "status PLG-26-7K3Q9X" → the code, upper-cased. */
export function statusRequest(text: string): string | null {
  const m = /^\s*(?:status|cek)\s+([A-Za-z0-9-]{4,30})\s*$/i.exec(text);
  return m ? m[1]!.toUpperCase() : null;
}

/** The first situation of a new conversation. */
export function firstSituation(locale: Locale): Situation {
  return { state: 'category', data: {}, locale };
}

/** The question of a state (lists for choices, a text otherwise). */
export function prompt(s: Situation, t: Translate, options: FormOptions): Outgoing[] {
  const page = s.data.page ?? 0;
  switch (s.state) {
    case 'category': {
      const all = options.topics.flatMap((topic) =>
        topic.categories.map((c) => ({ id: `cat:${c.code}`, title: c.name, description: c.departmentName ?? topic.name })),
      );
      return [pagedList(t('whatsapp.chooseCategory'), all, page, t)];
    }
    case 'location':
      return [textMessage(t('whatsapp.askLocation'))];
    case 'kecamatan':
      if (needsKota(s, options))
        return [
          pagedList(
            t('whatsapp.chooseKota'),
            options.kota!.map((k) => ({ id: `kota:${k.code}`, title: k.name })),
            page,
            t,
          ),
        ];
      return [
        pagedList(
          t('whatsapp.chooseKecamatan'),
          kecamatanOf(s, options).map((k) => ({ id: `kec:${k.code}`, title: k.name })),
          page,
          t,
        ),
      ];
    case 'kelurahan': {
      const kec = options.kecamatan.find((k) => k.code === s.data.kecamatan);
      const rows = (kec?.kelurahan ?? []).map((k) => ({ id: `kel:${k.code}`, title: k.name }));
      return [pagedList(t('whatsapp.chooseKelurahan', { kecamatan: kec?.name ?? '' }), rows, page, t)];
    }
    case 'description':
      return [textMessage(t('whatsapp.askDescription'))];
    case 'photos':
      return [textMessage(t('whatsapp.askPhotos'))];
    case 'privacy':
      return [
        listMessage(
          t('whatsapp.askPrivacy'),
          t('whatsapp.listButton'),
          PRIVACY_LEVELS.map((p) => ({
            id: `priv:${p}`,
            title: t(`complaints.privacy.${p}`),
            description: t(`whatsapp.privacyRows.${p}`),
          })),
        ),
      ];
    case 'confirm':
      return [
        buttonsMessage(summary(s, t, options), [
          { id: 'confirm:yes', title: t('whatsapp.confirmYes') },
          { id: 'confirm:no', title: t('whatsapp.confirmNo') },
        ]),
      ];
  }
}

/** A region with a kota level whose kota the sender has not chosen yet. */
function needsKota(s: Situation, options: FormOptions): boolean {
  return (options.kota?.length ?? 0) > 0 && !s.data.kota;
}

/** The kecamatan to choose from: those of the chosen kota, or all of a region without a kota level. */
function kecamatanOf(s: Situation, options: FormOptions): FormOptions['kecamatan'] {
  return s.data.kota ? options.kecamatan.filter((k) => k.code.startsWith(`${s.data.kota}.`)) : options.kecamatan;
}

function pagedList(body: string, rows: ListRow[], page: number, t: Translate): Outgoing {
  const p = pageOf(rows, page);
  const pages = Math.max(1, Math.ceil(rows.length / 8));
  const nav: ListRow[] = [];
  if (p.hasPrev) nav.push({ id: `page:${p.page - 1}`, title: t('whatsapp.prev') });
  if (p.hasNext) nav.push({ id: `page:${p.page + 1}`, title: t('whatsapp.next') });
  const text = pages > 1 ? `${body}\n${t('whatsapp.pageNote', { page: p.page + 1, pages })}` : body;
  return listMessage(text, t('whatsapp.listButton'), [...p.items, ...nav]);
}

function summary(s: Situation, t: Translate, options: FormOptions): string {
  const category = options.topics.flatMap((x) => x.categories).find((c) => c.code === s.data.category);
  const kec = options.kecamatan.find((k) => k.code === s.data.kecamatan);
  const kel = kec?.kelurahan.find((k) => k.code === s.data.kelurahan);
  const coordinates = s.data.latitude !== undefined ? ` (${s.data.latitude}, ${s.data.longitude})` : '';
  return t('whatsapp.confirm', {
    category: category?.name ?? '',
    kecamatan: kec?.name ?? '',
    kelurahan: kel?.name ?? '',
    coordinates,
    description: fit(s.data.description ?? '', 600),
    photos: s.data.photos ?? 0,
    privacy: s.data.privacy ? t(`complaints.privacy.${s.data.privacy}`) : '',
  });
}

/** One message applied to a conversation. Cancel, language and status are the service's (they apply anywhere). */
export function step(s: Situation, msg: Inbound, t: Translate, options: FormOptions, photo?: PhotoResult): StepResult {
  const choice = msg.kind === 'choice' ? msg.choiceId : null;
  const text = msg.kind === 'text' ? msg.text.trim() : null;
  const go = (state: State, data: ConversationData, before: Outgoing[] = []): StepResult => {
    const next: Situation = { state, data: { ...data, page: 0 }, locale: s.locale };
    return { next, replies: [...before, ...prompt(next, t, options)] };
  };
  const again = (note?: string): StepResult => ({ next: s, replies: [...(note ? [textMessage(note)] : []), ...prompt(s, t, options)] });
  const turnPage = (): StepResult | null => {
    const m = choice ? /^page:(\d{1,3})$/.exec(choice) : null;
    if (!m) return null;
    const next: Situation = { ...s, data: { ...s.data, page: Number(m[1]) } };
    return { next, replies: prompt(next, t, options) };
  };

  switch (s.state) {
    case 'category': {
      const code = choice?.startsWith('cat:') ? choice.slice(4) : null;
      if (code && options.topics.some((x) => x.categories.some((c) => c.code === code)))
        return go('location', { ...s.data, category: code });
      return turnPage() ?? again(t('whatsapp.useChoices'));
    }
    case 'location':
      if (msg.kind === 'location')
        return go('kecamatan', { ...s.data, latitude: round6(msg.latitude), longitude: round6(msg.longitude) }, [
          textMessage(t('whatsapp.locationReceived')),
        ]);
      if (text !== null && SKIP.test(text)) return go('kecamatan', s.data);
      return again();
    case 'kecamatan': {
      const kota = choice?.startsWith('kota:') ? choice.slice(5) : null;
      if (kota && needsKota(s, options) && options.kota!.some((k) => k.code === kota)) return go('kecamatan', { ...s.data, kota });
      const code = choice?.startsWith('kec:') ? choice.slice(4) : null;
      if (code && !needsKota(s, options) && kecamatanOf(s, options).some((k) => k.code === code))
        return go('kelurahan', { ...s.data, kecamatan: code });
      return turnPage() ?? again(t('whatsapp.useChoices'));
    }
    case 'kelurahan': {
      const code = choice?.startsWith('kel:') ? choice.slice(4) : null;
      const kec = options.kecamatan.find((k) => k.code === s.data.kecamatan);
      if (code && kec?.kelurahan.some((k) => k.code === code)) return go('description', { ...s.data, kelurahan: code });
      return turnPage() ?? again(t('whatsapp.useChoices'));
    }
    case 'description': {
      if (text === null) return again();
      const length = [...text].length;
      if (length < 20 || length > 5000) return again(t('whatsapp.descriptionLength'));
      return go('photos', { ...s.data, description: text });
    }
    case 'photos': {
      if (msg.kind === 'image' && photo) {
        if (!photo.ok) return { next: s, replies: [textMessage(t(PHOTO_REFUSED[photo.error]))] };
        const n = (s.data.photos ?? 0) + 1;
        const data = { ...s.data, photos: n };
        if (n >= MAX_WHATSAPP_PHOTOS) return go('privacy', data, [textMessage(t('whatsapp.photoReceived', { n }))]);
        return { next: { ...s, data }, replies: [textMessage(t('whatsapp.photoReceived', { n }))] };
      }
      if (text !== null && SKIP.test(text)) return go('privacy', s.data);
      return again();
    }
    case 'privacy': {
      const level = choice?.startsWith('priv:') ? choice.slice(5) : null;
      if (level && (PRIVACY_LEVELS as readonly string[]).includes(level)) return go('confirm', { ...s.data, privacy: level as Privacy });
      return again(t('whatsapp.useChoices'));
    }
    case 'confirm':
      if (choice === 'confirm:yes' || (text !== null && YES.test(text))) return { file: s };
      if (choice === 'confirm:no' || (text !== null && NO.test(text))) return { cancel: true };
      return again(t('whatsapp.useChoices'));
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A title for the complaint from the start of its description (the conversation does not ask for one). */
export function titleFrom(description: string): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  if ([...flat].length <= 80) return flat;
  const cut = flat.slice(0, 79);
  const space = cut.lastIndexOf(' ');
  return `${space > 40 ? cut.slice(0, space) : cut}…`;
}

/** A stored conversation's JSON, reduced to known fields (never trusted blindly). */
export function parseData(json: string): ConversationData {
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    const d: ConversationData = {};
    if (typeof v.category === 'string') d.category = v.category;
    if (typeof v.latitude === 'number' && typeof v.longitude === 'number') {
      d.latitude = v.latitude;
      d.longitude = v.longitude;
    }
    if (typeof v.kota === 'string' && /^\d{2}\.\d{2}$/.test(v.kota)) d.kota = v.kota;
    if (typeof v.kecamatan === 'string') d.kecamatan = v.kecamatan;
    if (typeof v.kelurahan === 'string') d.kelurahan = v.kelurahan;
    if (typeof v.description === 'string') d.description = v.description;
    if (typeof v.photos === 'number') d.photos = v.photos;
    if (typeof v.privacy === 'string' && (PRIVACY_LEVELS as readonly string[]).includes(v.privacy)) d.privacy = v.privacy as Privacy;
    if (typeof v.page === 'number') d.page = v.page;
    return d;
  } catch {
    return {};
  }
}
