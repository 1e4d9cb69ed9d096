// Posting forms to the test server like a browser does (same-origin Origin header, no redirect following),
// and reading the session cookie a response sets.
export interface FormResponse {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
  /** The session cookie value set by the response: a token, '' when deleted, undefined when untouched. */
  session: string | undefined;
}

async function wrap(r: Response): Promise<FormResponse> {
  let session: string | undefined;
  for (const c of r.headers.getSetCookie()) {
    const m = /^session=([^;]*)/.exec(c);
    if (m) session = /max-age=0|expires=thu, 01 jan 1970/i.test(c) ? '' : decodeURIComponent(m[1]!);
  }
  return { status: r.status, location: r.headers.get('location'), html: await r.text(), headers: r.headers, session };
}

export async function postForm(
  base: string,
  path: string,
  fields: Record<string, string>,
  opts: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<FormResponse> {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
  return wrap(r);
}

export async function getPage(
  base: string,
  path: string,
  opts: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<FormResponse> {
  const r = await fetch(`${base}${path}`, {
    redirect: 'manual',
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
  });
  return wrap(r);
}

export const cookieOf = (token: string) => `session=${token}`;
