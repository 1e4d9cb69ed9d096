// The column mapping of a complaint import (docs/imports.md): which source column holds what, and how
// source values (categories, kelurahan, states, dates) become the portal's. Parsed with zod.
import { z } from 'zod';
import type { Outcome } from '../outcome.ts';

export const IMPORT_STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

const column = z.string().trim().min(1).max(200);

export const importMappingSchema = z
  .object({
    /** `lapor` for SP4N-LAPOR! exports, `import` for any other spreadsheet; also the idempotency namespace. */
    source: z.enum(['lapor', 'import']),
    columns: z
      .object({
        source_id: column,
        submitted_at: column,
        category: column,
        kelurahan: column,
        description: column,
        title: column.optional(),
        state: column.optional(),
        responses: z.array(column).max(10).optional(),
        responded_at: column.optional(),
        resolved_at: column.optional(),
        address: column.optional(),
      })
      .strict(),
    /** Source category → category code; a value that is itself a category code needs no entry. */
    categories: z.record(z.string(), z.string().regex(/^[a-z0-9-]+$/)).default({}),
    /** Source kelurahan → Kemendagri code; without an entry a code or a unique kelurahan name is matched. */
    kelurahan: z.record(z.string(), z.string().regex(/^\d{2}(\.\d{2}){2}\.\d{4}$/)).default({}),
    /** Source state → portal state; without a state column every row is `submitted`. */
    states: z.record(z.string(), z.enum(IMPORT_STATES)).default({}),
    /** How text dates are written; spreadsheet date cells need none. */
    date_format: z.enum(['YYYY-MM-DD', 'DD/MM/YYYY', 'DD-MM-YYYY']).default('YYYY-MM-DD'),
    privacy: z.enum(['public', 'anonymous', 'confidential']).default('public'),
  })
  .strict();

export type ImportMapping = z.output<typeof importMappingSchema>;

/** A mapping from its JSON text, or the reason it is not one. */
export function parseMapping(text: string): Outcome<{ mapping: ImportMapping }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const r = importMappingSchema.safeParse(raw);
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || '(mapping)'}: ${i.message}`).join('; ') };
  return { ok: true, mapping: r.data };
}

/**
 * A source date as an instant, read in the deployment's time zone: a spreadsheet date cell, or text in the
 * mapping's format with an optional time (HH:MM[:SS]); a date without a time is 00:00 local.
 */
export function parseSourceDate(
  v: unknown,
  format: ImportMapping['date_format'],
  offsetMinutes: (utcGuess: number) => number,
): number | null {
  // A spreadsheet date cell holds the wall-clock time it shows (read as UTC fields): local time here.
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const local = v.getTime();
    return local - offsetMinutes(local) * 60_000;
  }
  if (typeof v !== 'string' || !v.trim()) return null;
  const s = v.trim();
  const re =
    format === 'YYYY-MM-DD'
      ? /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/
      : format === 'DD/MM/YYYY'
        ? /^(\d{2})\/(\d{2})\/(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/
        : /^(\d{2})-(\d{2})-(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
  const m = re.exec(s);
  if (!m) return null;
  const [y, mo, d] = format === 'YYYY-MM-DD' ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const check = new Date(local);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  return local - offsetMinutes(local) * 60_000;
}
