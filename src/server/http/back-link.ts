// A "back" parameter that brings a manager from a report list to a staff page and back to the same list
// position: accepted only as a path of this site under /reports (never another host, scheme or a
// protocol-relative "//…"), so it cannot be turned into an open redirect.
const MAX_LENGTH = 600;

export function safeBackPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > MAX_LENGTH) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || /[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://same.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://same.invalid') return null;
  if (url.pathname !== '/reports' && !url.pathname.startsWith('/reports/')) return null;
  return url.pathname + url.search;
}

/** The same path with `back` added to its query. */
export function withBack(path: string, back: string | null): string {
  if (!back) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ back }).toString()}`;
}
