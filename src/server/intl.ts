// Intl formatters, built once per locale and options and reused: building one costs far more than
// formatting with it (constructing them per call was a fifth to a third of the complaint, consultation
// and inbox pages' server time). The cache is bounded by the few option sets the code uses.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The BCP 47 tag of the portal's locale ('en' → British English, anything else → Bahasa Indonesia). */
export const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : 'id-ID');

export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = dateTimeFormats.get(key);
  if (!f) dateTimeFormats.set(key, (f = new Intl.DateTimeFormat(tag, options)));
  return f;
}

export function numberFormat(tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(tag, options)));
  return f;
}
