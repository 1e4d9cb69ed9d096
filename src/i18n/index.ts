// Message lookup: t('common.nav.home', { region }) in the request's language, falling back to Indonesian.
// A counted message ({ one, other }) is chosen by its count (`n`, `count`, `minutes`, …): t('consultations.endorsements', { n }).
import { en } from './en/index.ts';
import { id, type Messages } from './id/index.ts';
import type { PluralForms } from './plural.ts';

export { counted, type PluralForms } from './plural.ts';

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | PluralForms ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogues: Record<Locale, unknown> = { id, en };

function isPluralForms(node: unknown): node is PluralForms {
  return node !== null && typeof node === 'object' && typeof (node as Record<string, unknown>).other === 'string';
}

function lookup(catalogue: unknown, key: string, locale: Locale, params?: Params): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (isPluralForms(node)) return pluralForm(locale, node, countOf(params));
  return typeof node === 'string' ? node : undefined;
}

/** The parameters a counted message is counted by, first present wins: "{n} …", "{minutes} minutes". */
const COUNT_PARAMS = ['n', 'count', 'minutes', 'seconds', 'days'] as const;

function countOf(params?: Params): number {
  const name = COUNT_PARAMS.find((p) => params?.[p] !== undefined);
  return name ? Number(params![name]) : Number.NaN;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The text of `forms` for `n` in the language's plural rules; a missing category uses `other`. */
export function pluralForm(locale: Locale, forms: PluralForms, n: number): string {
  if (!Number.isFinite(n)) return forms.other;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return forms[rules.select(n)] ?? forms.other;
}

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Whether `s` is a message of the Indonesian catalogue, for text that arrives as a string (a zod message). */
export function isMessageKey(s: string): s is MessageKey {
  return lookup(id, s, DEFAULT_LOCALE) !== undefined;
}

/** A test for the keys of one section of the catalogue (`id.consultations.errors`), named by the section's own keys. */
export function isKeyOf<T extends object>(section: T): (s: string) => s is keyof T & string {
  return (s): s is keyof T & string => Object.hasOwn(section, s);
}

/** A translator for one locale; unknown keys fall back to Indonesian, then to the key itself. */
export function translator(locale: Locale, from: Record<Locale, unknown> = catalogues): Translate {
  return (key, params) => {
    // The fallback text is chosen by the Indonesian rules it is written in.
    const text = lookup(from[locale], key, locale, params) ?? lookup(from[DEFAULT_LOCALE], key, DEFAULT_LOCALE, params) ?? key;
    return interpolate(text, params);
  };
}

/** The locale of a request: ?lang= first, then the remembered cookie, else Indonesian. */
export function resolveLocale(query: string | null | undefined, cookie: string | null | undefined): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  return DEFAULT_LOCALE;
}

/** Picks the column of a bilingual database row: name_id / name_en. */
export function localized<T extends Record<string, unknown>>(row: T, base: string, locale: Locale): string {
  const v = row[`${base}_${locale}`] ?? row[`${base}_${DEFAULT_LOCALE}`];
  return typeof v === 'string' ? v : '';
}
