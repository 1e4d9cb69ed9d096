// Official Kemendagri names spell numbers out ("Tiga-puluh-lima Ilir"); residents write "35 Ilir".
// This derives the common form, keeping the official name searchable beside it. Every page and export
// shows an area through areaName (or selects `common_name`), so a kecamatan is spelled one way everywhere.

const UNITS: Record<string, number> = {
  satu: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
  tujuh: 7,
  delapan: 8,
  sembilan: 9,
};
const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];

/** "Tiga-puluh-lima" → 35, "Sebelas" → 11, "Dua-belas" → 12, "Sepuluh" → 10; null if not a number. */
export function indonesianNumber(word: string): number | null {
  const parts = word.toLowerCase().split('-');
  let total = 0;
  let i = 0;
  const unit = (w: string | undefined) => (w === undefined ? undefined : UNITS[w]);
  if (parts[0] === 'sepuluh' && parts.length === 1) return 10;
  if (parts[0] === 'sebelas' && parts.length === 1) return 11;
  if (parts[0] === 'seratus' && parts.length === 1) return 100;
  const first = unit(parts[i]);
  if (first === undefined) return null;
  if (parts[i + 1] === 'puluh') {
    total = first * 10;
    i += 2;
    if (i < parts.length) {
      const rest = unit(parts[i]);
      if (rest === undefined || i !== parts.length - 1) return null;
      total += rest;
    }
    return total;
  }
  if (parts[i + 1] === 'belas') return parts.length === 2 ? 10 + first : null;
  return parts.length === 1 ? first : null;
}

/**
 * Palembang names its river-side kelurahan and kecamatan by number: leading numbers become digits
 * ("Tiga Empat Ulu" → "3-4 Ulu") and a trailing number after Ilir/Ulu/Barat/Timur becomes a Roman
 * numeral ("Ilir Barat Dua" → "Ilir Barat II", "Dua-puluh Ilir Satu" → "20 Ilir I").
 * Elsewhere a number is part of a proper name ("Kelapa Dua", "Jembatan Lima") and is kept.
 */
export function commonAreaName(official: string, opts: { region: string }): string {
  if (opts.region !== 'palembang') return official;
  const words = official.split(' ');
  const leading: number[] = [];
  while (words.length > 1) {
    const n = indonesianNumber(words[0]!);
    if (n === null) break;
    leading.push(n);
    words.shift();
  }
  let tail = '';
  if (words.length > 1) {
    const last = words[words.length - 1]!;
    const n = indonesianNumber(last);
    const before = words[words.length - 2]!.toLowerCase();
    if (n !== null && n < 10 && ['ilir', 'ulu', 'barat', 'timur'].includes(before)) {
      tail = ROMAN[n]!;
      words.pop();
    }
  }
  return [leading.length ? leading.join('-') : '', ...words, tail].filter(Boolean).join(' ');
}

export interface AreaNames {
  name: string;
  common_name: string;
}

/** The name to show: the common form, the official name when no common form is recorded. */
export function areaName(a: AreaNames): string {
  return a.common_name.trim() || a.name;
}

/** Areas in the order a reader looks them up: by the shown name, Indonesian collation. */
export function byAreaName<T extends AreaNames>(areas: readonly T[]): T[] {
  return [...areas].sort((x, y) => areaName(x).localeCompare(areaName(y), 'id'));
}
