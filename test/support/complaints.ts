// Helpers for complaint HTTP tests: post the filing form like a browser does, read the receipt.
import sharp from 'sharp';

export interface PostedFile {
  name: string;
  type: string;
  data: Buffer | Uint8Array;
}

export function complaintFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    website: '',
    category: 'pencemaran',
    title: 'Bau limbah dari pabrik tahu',
    description: 'Setiap sore bau limbah menyengat dari saluran di belakang pabrik tahu.',
    kecamatan: '16.71.01',
    kelurahan: '16.71.01.1001',
    address: 'Jl. Contoh No. 1',
    privacy: 'public',
    name: '',
    email: '',
    phone: '',
    ...over,
  };
}

/** A fresh form token, as the form's first render hands it out. */
export async function formToken(baseUrl: string, cookie?: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/complaints/new`, { headers: cookie ? { cookie } : {} })).text();
  return tokenIn(html);
}

/** The form token in a rendered form (the same one is kept when the form is shown again). */
export function tokenIn(html: string): string {
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no form token in the page');
  return token;
}

/** Posts the filing form; without a form_token field it first fetches a form like a browser would. */
export async function postComplaint(
  baseUrl: string,
  fields: Record<string, string>,
  files: PostedFile[] = [],
  cookie?: string,
): Promise<Response> {
  const form = new FormData();
  if (!('form_token' in fields)) form.append('form_token', await formToken(baseUrl, cookie));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (files.length === 0) form.append('photos', new Blob([]), '');
  for (const f of files) form.append('photos', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  return fetch(`${baseUrl}/complaints/new`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { origin: baseUrl, ...(cookie ? { cookie } : {}) },
  });
}

/** Cookies from a response as one Cookie header value (name=value pairs only). */
export function cookiesOf(r: Response): string {
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

/** Follows the 303 to the receipt page and reads the code and key from it. */
export async function readReceipt(baseUrl: string, r: Response): Promise<{ code: string; key: string; html: string; cookie: string }> {
  if (r.status !== 303) throw new Error(`expected 303, got ${r.status}: ${(await r.text()).slice(0, 2000)}`);
  const cookie = cookiesOf(r);
  const page = await fetch(`${baseUrl}${r.headers.get('location')}`, { headers: { cookie } });
  const html = await page.text();
  const code = /id="tracking-code">([^<]+)</.exec(html)?.[1] ?? '';
  const key = /id="access-key">([^<]+)</.exec(html)?.[1] ?? '';
  // Keep only the access-key cookie for later requests.
  return {
    code,
    key,
    html,
    cookie: cookie
      .split('; ')
      .filter((c) => c.startsWith('sw_key_'))
      .join('; '),
  };
}

export async function jpeg(width = 64, height = 48, withExif = false): Promise<Buffer> {
  let img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg();
  if (withExif) img = img.withExif({ IFD0: { Artist: 'Kamera Siti Pelapor', Copyright: 'GPS-SECRET-TEST' } });
  return img.toBuffer();
}
