// Errors that map to HTTP statuses, and the small plain page the middleware shows for them.
import type { Translate } from '../../i18n/index.ts';

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor() {
    super(413, 'payload too large');
  }
}

// Requests that failed because the database could not be reached: the middleware notes the request
// it renders the 503 page for (src/pages/503.astro), which shows only for those.
const unavailable = new WeakSet<Request>();

export function noteDatabaseUnavailable(request: Request): void {
  unavailable.add(request);
}

export function failedForDatabase(request: Request): boolean {
  return unavailable.has(request);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained error page for responses made before any Astro page renders. */
export function plainErrorPage(opts: { status: number; lang: string; title: string; text: string; t: Translate }): Response {
  const html = `<!doctype html><html lang="${escapeHtml(opts.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(opts.title)} · Suara Warga</title></head>
<body><main><h1>${escapeHtml(opts.title)}</h1><p>${escapeHtml(opts.text)}</p>
<p><a href="/">${escapeHtml(opts.t('common.errors.backHome'))}</a></p></main></body></html>`;
  return new Response(html, { status: opts.status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}
