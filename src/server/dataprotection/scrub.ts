// Replaces a data subject's identifiers (name, email, phone, organisation) typed inside free text
// with a placeholder, so an anonymised complaint or contribution carries no signature.
export const PLACEHOLDER = '[dihapus]';

/** The identifiers worth searching for: trimmed, at least 3 characters, longest first. */
export function identifiersOf(values: (string | null | undefined)[]): string[] {
  const set = new Set<string>();
  for (const v of values) {
    const s = (v ?? '').trim();
    if (s.length >= 3) set.add(s);
    // A phone number is often typed without its +62 / leading 0, or with spaces.
    if (/^\+?[0-9 ()-]{8,}$/.test(s)) {
      const digits = s.replace(/\D/g, '');
      if (digits.startsWith('62')) set.add(`0${digits.slice(2)}`);
      if (digits.startsWith('0')) set.add(`62${digits.slice(1)}`);
      set.add(digits);
    }
  }
  return [...set].sort((a, b) => b.length - a.length);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with every case-insensitive occurrence of the identifiers replaced. */
export function scrubText(text: string, identifiers: string[]): string {
  if (!text || identifiers.length === 0) return text;
  // Whole words only, so a short name does not eat into other words ("Ani" stays inside "organisasi").
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${identifiers.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(pattern, PLACEHOLDER);
}
