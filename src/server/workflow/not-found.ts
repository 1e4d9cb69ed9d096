// The 404 page for a request whose body was already read: Astro.rewrite('/404') would re-send the
// consumed POST body and fail with a 500, so rewrite to a fresh GET carrying the same headers.
export function notFoundRequest(request: Request): Request {
  return new Request(new URL('/404', request.url), { method: 'GET', headers: request.headers });
}
