// Fetches an Open311 client's media_url server-side, for the same image pipeline as the form's uploads.
// A URL chosen by the client must not make this server reach its own network: only http/https, only
// public addresses (unless OPEN311_MEDIA_ALLOW_HOSTS lists the host or address), the connection made to
// the address that was checked (no second DNS answer), at most MAX_PHOTO_BYTES, within a time limit.
import http from 'node:http';
import https from 'node:https';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { MAX_PHOTO_BYTES } from '../complaints/complaint-photos.ts';
import type { Outcome } from '../outcome.ts';

/** A refusal's `error` is a sentence for the request's record, not a code. */
export type MediaFetch = Outcome<{ file: File }>;

const MAX_REDIRECTS = 3;

// Addresses a public image host never has: this machine, the private networks, link-local (cloud metadata
// at 169.254.169.254), carrier-grade NAT, multicast, reserved and unspecified ranges.
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
// Not ::ffff:0:0/96: BlockList matches every IPv4 address against it. Mapped addresses are unwrapped below.
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(raw: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it carries.
  // URL parsing writes it in hex (::ffff:7f00:1).
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(raw);
  const fromHex = (h: string) => [parseInt(h, 16) >> 8, parseInt(h, 16) & 255];
  const address = mapped ? mapped[1]! : hex ? [...fromHex(hex[1]!), ...fromHex(hex[2]!)].join('.') : raw;
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface MediaFetchOptions {
  allowHosts: readonly string[];
  timeoutMs: number;
  maxBytes?: number;
}

/** Fetches the image, or says why not (the reason is recorded; it never contains the response body). */
export async function fetchMedia(rawUrl: string, opts: MediaFetchOptions): Promise<MediaFetch> {
  const deadline = Date.now() + opts.timeoutMs;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, error: 'media_url is not a valid URL' };
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const r = await fetchOnce(url, opts, deadline);
    if (r.kind === 'redirect') {
      try {
        url = new URL(r.location, url);
      } catch {
        return { ok: false, error: 'media_url redirected to an invalid URL' };
      }
      continue;
    }
    return r.result;
  }
  return { ok: false, error: `media_url redirected more than ${MAX_REDIRECTS} times` };
}

type Once = { kind: 'done'; result: MediaFetch } | { kind: 'redirect'; location: string };
const fail = (error: string): Once => ({ kind: 'done', result: { ok: false, error } });

async function fetchOnce(url: URL, opts: MediaFetchOptions, deadline: number): Promise<Once> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('media_url must be an http or https URL');
  if (url.username || url.password) return fail('media_url must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  let address: string;
  let family: number;
  try {
    const found = isIP(host) ? { address: host, family: isIP(host) } : await withTimeout(lookup(host), deadline);
    address = found.address;
    family = found.family;
  } catch {
    return fail('media_url host could not be resolved');
  }
  const allowed = opts.allowHosts.includes(host) || opts.allowHosts.includes(address);
  if (!allowed && !isPublicAddress(address)) return fail('media_url points to a private, loopback or link-local address');
  const maxBytes = opts.maxBytes ?? MAX_PHOTO_BYTES;
  const remaining = deadline - Date.now();
  if (remaining <= 0) return fail('media_url took too long');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Once>((resolve) => {
    const req = client.get(
      url,
      {
        // Connect to the address checked above, never to a second DNS answer.
        lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
          o?.all ? cb(null, [{ address, family }]) : cb(null, address, family)) as unknown as LookupFunction,
        headers: { accept: 'image/jpeg, image/png, image/webp', 'user-agent': 'SuaraWarga-Open311-media' },
        timeout: remaining,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ kind: 'redirect', location: res.headers.location });
          return;
        }
        if (status !== 200) {
          res.resume();
          resolve(fail(`media_url answered HTTP ${status}`));
          return;
        }
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
          res.destroy();
          resolve(fail(`media_url is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            res.destroy();
            resolve(fail(`media_url is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const name = url.pathname.split('/').pop() || 'media';
          resolve({ kind: 'done', result: { ok: true, file: new File([Buffer.concat(chunks)], name.slice(0, 100)) } });
        });
        res.on('error', () => resolve(fail('media_url could not be read')));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve(fail('media_url took too long'));
    }, remaining);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => {
      req.destroy();
      resolve(fail('media_url took too long'));
    });
    req.on('error', () => resolve(fail('media_url could not be fetched')));
  });
}

function withTimeout<T>(p: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), Math.max(0, deadline - Date.now()));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
