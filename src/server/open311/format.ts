// GeoReport v2 wire formats: the same data as JSON or XML, errors as the spec's error list.
import { XMLBuilder } from 'fast-xml-parser';
import { dateTimeFormat } from '../intl.ts';

export type Format = 'json' | 'xml';

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false });

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** Splits "requests/PLG-26-ABC.json" into its path and format; unknown or missing extension → null. */
export function splitFormat(path: string): { path: string; format: Format } | null {
  const m = /^(.*)\.(json|xml)$/.exec(path);
  return m ? { path: m[1]!, format: m[2] as Format } : null;
}

/** W3C datetime with the deployment's offset, e.g. 2026-11-22T14:05:00+07:00. */
export function w3cDate(d: Date | null | undefined, timeZone: string): string | null {
  if (!d) return null;
  const parts = Object.fromEntries(
    dateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offsetMin = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${off}`;
}

/** A list response: JSON array, or <root><item>…</item></root>. */
export function listResponse(format: Format, root: string, item: string, items: object[], status = 200): Response {
  const body = format === 'json' ? JSON.stringify(items) : xml({ [root]: items.length ? { [item]: items } : '' });
  return new Response(body, { status, headers: { 'Content-Type': CONTENT_TYPES[format], 'Cache-Control': 'no-store' } });
}

/** A single-object response (discovery, service definition). */
export function objectResponse(format: Format, root: string, value: object, status = 200): Response {
  const body = format === 'json' ? JSON.stringify(value) : xml({ [root]: value });
  return new Response(body, { status, headers: { 'Content-Type': CONTENT_TYPES[format], 'Cache-Control': 'no-store' } });
}

export function errorResponse(format: Format, status: number, description: string): Response {
  return listResponse(format, 'errors', 'error', [{ code: status, description }], status);
}

function xml(value: object): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(xmlSafe(value))}`;
}

// Characters XML 1.0 does not allow at all, not even escaped (C0 controls but tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF). Text stored before the input boundary stripped controls can still hold
// them; one in the 90-day window would make the whole feed unparsable for every client.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(NOT_XML_CHAR, '');
  if (Array.isArray(v)) return v.map(xmlSafe);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlSafe(x)]));
  return v;
}
