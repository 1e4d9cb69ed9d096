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
