import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../src/server/http/csrf.ts';

const url = new URL('http://127.0.0.1:4321/complaints/new');
const post = (headers: Record<string, string>, u = url) => new Request(u, { method: 'POST', headers });

describe('CSRF origin check', () => {
  it('lets safe methods through', () => {
    expect(isCrossSiteRequest(new Request(url), url, undefined)).toBe(false);
  });

  it('accepts a same-origin post and one from the public URL behind a proxy', () => {
    expect(isCrossSiteRequest(post({ origin: 'http://127.0.0.1:4321' }), url, undefined)).toBe(false);
    expect(isCrossSiteRequest(post({ origin: 'https://lapor.example.go.id' }), url, new URL('https://lapor.example.go.id'))).toBe(false);
  });

  it('refuses another origin, a null origin, and a post with neither Origin nor Referer', () => {
    expect(isCrossSiteRequest(post({ origin: 'https://evil.example' }), url, undefined)).toBe(true);
    expect(isCrossSiteRequest(post({ origin: 'null' }), url, undefined)).toBe(true);
    expect(isCrossSiteRequest(post({}), url, undefined)).toBe(true);
    // JSON or any other content type is refused too when cross-site.
    expect(isCrossSiteRequest(post({ origin: 'https://evil.example', 'content-type': 'application/json' }), url, undefined)).toBe(true);
  });

  it('falls back to the Referer origin', () => {
    expect(isCrossSiteRequest(post({ referer: 'http://127.0.0.1:4321/complaints/new' }), url, undefined)).toBe(false);
    expect(isCrossSiteRequest(post({ referer: 'https://evil.example/x' }), url, undefined)).toBe(true);
    expect(isCrossSiteRequest(post({ referer: 'not a url' }), url, undefined)).toBe(true);
  });

  it('exempts only the cookie-less Open311 API', () => {
    const api = new URL('http://127.0.0.1:4321/open311/v2/requests.json');
    expect(isCrossSiteRequest(post({}, api), api, undefined)).toBe(false);
    const lookalike = new URL('http://127.0.0.1:4321/open311x/requests.json');
    expect(isCrossSiteRequest(post({}, lookalike), lookalike, undefined)).toBe(true);
  });
});
