// The WhatsApp channel's pure parts: the webhook signature, reading Meta's payloads, paging lists within
// the 10-row limit, and the conversation's steps.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskDigits, verifySignature } from '../../src/server/channels/whatsapp-graph.ts';
import {
  buttonsMessage,
  inboundMessages,
  listMessage,
  pageOf,
  readableWhatsapp,
  templateMessage,
  textMessage,
} from '../../src/server/channels/whatsapp-messages.ts';
import {
  firstSituation,
  languageSwitch,
  parseData,
  prompt,
  statusRequest,
  step,
  titleFrom,
} from '../../src/server/channels/whatsapp-conversation.ts';
import type { FormOptions } from '../../src/server/complaints/form-options.ts';
import { translator } from '../../src/i18n/index.ts';

const body = Buffer.from('{"object":"whatsapp_business_account"}');
const sig = (secret: string, b: Buffer) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;

describe('verifySignature', () => {
  it('accepts the HMAC of the raw body only', () => {
    expect(verifySignature('rahasia-app', body, sig('rahasia-app', body))).toBe(true);
    expect(verifySignature('rahasia-app', body, sig('rahasia-lain', body))).toBe(false);
    expect(verifySignature('rahasia-app', Buffer.from(`${body} `), sig('rahasia-app', body))).toBe(false);
    expect(verifySignature('rahasia-app', body, null)).toBe(false);
    expect(verifySignature('rahasia-app', body, 'sha256=abc')).toBe(false);
    expect(verifySignature('rahasia-app', body, sig('rahasia-app', body).replace('sha256=', 'sha1='))).toBe(false);
  });
});

describe('inboundMessages', () => {
  const wrap = (messages: unknown[], phoneNumberId = '111') => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: { metadata: { phone_number_id: phoneNumberId }, contacts: [], messages, statuses: [{ id: 'x', status: 'read' }] },
          },
        ],
      },
    ],
  });
  it('reads text, list and button replies, locations and images; skips other numbers and malformed senders', () => {
    const msgs = inboundMessages(
      wrap([
        { from: '6281200000001', id: 'a', timestamp: '1700000000', type: 'text', text: { body: 'halo' } },
        {
          from: '6281200000001',
          id: 'b',
          timestamp: '1700000001',
          type: 'interactive',
          interactive: { type: 'list_reply', list_reply: { id: 'cat:sampah', title: 'Sampah' } },
        },
        {
          from: '6281200000001',
          id: 'c',
          timestamp: '1700000002',
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'confirm:yes', title: 'Kirim' } },
        },
        { from: '6281200000001', id: 'd', timestamp: '1700000003', type: 'location', location: { latitude: -2.98, longitude: 104.75 } },
        { from: '6281200000001', id: 'e', timestamp: '1700000004', type: 'image', image: { id: 'm1', mime_type: 'image/jpeg' } },
        { from: '+62 812', id: 'f', type: 'text', text: { body: 'x' } },
      ]),
      '111',
    );
    expect(msgs.map((m) => m.kind)).toEqual(['text', 'choice', 'choice', 'location', 'image']);
    expect(msgs[0]).toMatchObject({ id: 'a', from: '6281200000001', at: 1_700_000_000_000, text: 'halo' });
    expect(msgs[3]).toMatchObject({ latitude: -2.98, longitude: 104.75 });
    expect(inboundMessages(wrap([{ from: '6281200000001', id: 'a', type: 'text', text: { body: 'halo' } }], '999'), '111')).toEqual([]);
    expect(inboundMessages({ object: 'page' }, '111')).toEqual([]);
    expect(inboundMessages('nonsense', '111')).toEqual([]);
  });
});

describe('lists', () => {
  it('pages a long list so no message has more than 10 rows', () => {
    const items = Array.from({ length: 18 }, (_, i) => i);
    expect(pageOf(items, 0)).toMatchObject({ items: [0, 1, 2, 3, 4, 5, 6, 7], hasPrev: false, hasNext: true });
    expect(pageOf(items, 2)).toMatchObject({ items: [16, 17], hasPrev: true, hasNext: false });
    expect(pageOf(items, 99).page).toBe(2);
    expect(() =>
      listMessage(
        'b',
        'x',
        Array.from({ length: 11 }, (_, i) => ({ id: String(i), title: 't' })),
      ),
    ).toThrow();
    const m = listMessage('b', 'Pilih kategori yang panjang', [
      { id: 'a', title: 'Judul yang jauh lebih panjang dari dua puluh empat huruf' },
    ]) as any;
    expect([...m.interactive.action.sections[0].rows[0].title].length).toBeLessThanOrEqual(24);
    expect([...m.interactive.action.button].length).toBeLessThanOrEqual(20);
  });
});

describe('conversation steps', () => {
  const t = translator('id');
  const options: FormOptions = {
    topics: [
      {
        name: 'Infrastruktur',
        categories: Array.from({ length: 12 }, (_, i) => ({
          code: `k${i}`,
          name: `Kategori ${i}`,
          description: '',
          departmentName: null,
          responseDays: 5,
          resolutionDays: 14,
        })),
      },
    ],
    kecamatan: [{ code: '16.71.01', name: 'Ilir Barat II', kelurahan: [{ code: '16.71.01.1001', name: 'Satu' }] }],
  };
  const msg = (m: Record<string, unknown>) => ({ id: 'x', from: '6281200000001', at: 0, ...m }) as any;

  it('pages categories, then asks for the location after a valid choice, and refuses an unknown one', () => {
    const s = firstSituation('id');
    const rows = (prompt(s, t, options)[0] as any).interactive.action.sections[0].rows;
    expect(rows).toHaveLength(9);
    expect(rows.at(-1).id).toBe('page:1');
    const paged = step(s, msg({ kind: 'choice', choiceId: 'page:1' }), t, options);
    expect('next' in paged && paged.next.data.page).toBe(1);
    const unknown = step(s, msg({ kind: 'choice', choiceId: 'cat:tidak-ada' }), t, options);
    expect('next' in unknown && unknown.next.state).toBe('category');
    const chosen = step(s, msg({ kind: 'choice', choiceId: 'cat:k3' }), t, options);
    expect('next' in chosen && chosen.next).toMatchObject({ state: 'location', data: { category: 'k3' } });
  });

  it('takes a kelurahan only of the chosen kecamatan, and files on confirmation', () => {
    const kel = { state: 'kelurahan' as const, data: { category: 'k1', kecamatan: '16.71.01' }, locale: 'id' as const };
    expect(step(kel, msg({ kind: 'choice', choiceId: 'kel:16.71.02.1001' }), t, options)).toMatchObject({ next: { state: 'kelurahan' } });
    expect(step(kel, msg({ kind: 'choice', choiceId: 'kel:16.71.01.1001' }), t, options)).toMatchObject({ next: { state: 'description' } });
    const confirm = {
      state: 'confirm' as const,
      data: { ...kel.data, kelurahan: '16.71.01.1001', description: 'x'.repeat(30), privacy: 'public' as const },
      locale: 'id' as const,
    };
    expect(step(confirm, msg({ kind: 'choice', choiceId: 'confirm:yes' }), t, options)).toHaveProperty('file');
    expect(step(confirm, msg({ kind: 'choice', choiceId: 'confirm:no' }), t, options)).toEqual({ cancel: true });
  });

  it('asks for the kota first where the region has a kota level (Jakarta), then lists only its kecamatan', () => {
    const jakarta: FormOptions = {
      ...options,
      kecamatan: [
        { code: '31.71.01', name: 'Gambir', kota: '31.71', kelurahan: [{ code: '31.71.01.1001', name: 'Gambir' }] },
        { code: '31.74.01', name: 'Tebet', kota: '31.74', kelurahan: [{ code: '31.74.01.1001', name: 'Tebet Barat' }] },
      ],
      kota: [
        { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
        { code: '31.74', name: 'Kota Administrasi Jakarta Selatan' },
      ],
    };
    const rowsOf = (s: any) => (prompt(s, t, jakarta)[0] as any).interactive.action.sections[0].rows.map((r: any) => r.id);
    const kec = { state: 'kecamatan' as const, data: { category: 'k1' }, locale: 'id' as const };
    expect(rowsOf(kec)).toEqual(['kota:31.71', 'kota:31.74']);
    // A kecamatan before its kota is not taken.
    expect(step(kec, msg({ kind: 'choice', choiceId: 'kec:31.74.01' }), t, jakarta)).toMatchObject({
      next: { state: 'kecamatan', data: { category: 'k1' } },
    });
    const chosen = step(kec, msg({ kind: 'choice', choiceId: 'kota:31.74' }), t, jakarta);
    expect('next' in chosen && chosen.next).toMatchObject({ state: 'kecamatan', data: { kota: '31.74' } });
    const inKota = (chosen as any).next;
    expect(rowsOf(inKota)).toEqual(['kec:31.74.01']);
    expect(step(inKota, msg({ kind: 'choice', choiceId: 'kec:31.71.01' }), t, jakarta)).toMatchObject({ next: { state: 'kecamatan' } });
    expect(step(inKota, msg({ kind: 'choice', choiceId: 'kec:31.74.01' }), t, jakarta)).toMatchObject({
      next: { state: 'kelurahan', data: { kota: '31.74', kecamatan: '31.74.01' } },
    });
    // A city region (no kota level) goes straight to its kecamatan.
    expect(rowsOf(kec).length).toBe(2);
    expect((prompt(kec, t, options)[0] as any).interactive.action.sections[0].rows.map((r: any) => r.id)).toEqual(['kec:16.71.01']);
    expect(parseData(JSON.stringify({ kota: '31.74', kecamatan: '31.74.01' }))).toMatchObject({ kota: '31.74' });
    expect(parseData(JSON.stringify({ kota: 'x' })).kota).toBeUndefined();
  });

  it('reads commands and makes a title', () => {
    expect(statusRequest('status plg-26-abc123')).toBe('PLG-26-ABC123');
    expect(statusRequest('statusnya bagaimana')).toBeNull();
    expect(languageSwitch('English')).toBe('en');
    expect(languageSwitch('halo')).toBeNull();
    expect(titleFrom('Jalan   berlubang\ndi depan sekolah')).toBe('Jalan berlubang di depan sekolah');
    expect([...titleFrom('kata '.repeat(40))].length).toBeLessThanOrEqual(80);
    expect(maskDigits('send: HTTP 400 131026 to 6281234567001')).toBe('send: HTTP 400 131026 to [nomor]');
  });
});

describe('readableWhatsapp (the admin outbox shows messages, not JSON)', () => {
  it('reads a text reply, a list, buttons, a template and a notice', () => {
    expect(readableWhatsapp(JSON.stringify({ reply: textMessage('Kode pengaduan Anda PLG-1') }))).toBe('Kode pengaduan Anda PLG-1');
    const list = listMessage('Pilih kategori', 'Kategori', [
      { id: 'c1', title: 'Jalan rusak' },
      { id: 'c2', title: 'Sampah' },
    ]);
    expect(readableWhatsapp(JSON.stringify({ reply: list }))).toBe('Pilih kategori\n• Jalan rusak\n• Sampah');
    expect(
      readableWhatsapp(
        JSON.stringify({
          reply: buttonsMessage('Kirim?', [
            { id: 'y', title: 'Ya' },
            { id: 'n', title: 'Tidak' },
          ]),
        }),
      ),
    ).toBe('Kirim?\n[Ya]\n[Tidak]');
    expect(readableWhatsapp(JSON.stringify({ reply: templateMessage('status_update', 'id', ['PLG-1', 'selesai']) }))).toBe(
      'status_update:\nPLG-1\nselesai',
    );
    expect(readableWhatsapp(JSON.stringify({ notice: { text: 'Pengaduan PLG-1 selesai.', templateParams: [] } }))).toBe(
      'Pengaduan PLG-1 selesai.',
    );
  });
  it('leaves a body that is not a WhatsApp payload as it is', () => {
    expect(readableWhatsapp('plain text')).toBe('plain text');
    expect(readableWhatsapp('{"other":1}')).toBe('{"other":1}');
  });
});
