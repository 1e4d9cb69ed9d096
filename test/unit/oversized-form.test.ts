// The text fields of an oversized complaint form are recovered from the stream, files skipped.
import { describe, expect, it } from 'vitest';
import { recoverTextFields } from '../../src/server/complaints/oversized-form.ts';

async function multipartRequest(form: FormData, chunkSize: number, cutAfter?: number): Promise<Request> {
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (cutAfter !== undefined && sent >= cutAfter) return controller.error(new Error('Body size limit exceeded'));
      if (sent >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(sent, sent + chunkSize));
      sent += chunkSize;
    },
  });
  return new Request('http://localhost/complaints/new', {
    method: 'POST',
    body,
    headers: { 'content-type': encoded.headers.get('content-type')! },
    duplex: 'half',
  } as RequestInit);
}

describe('recoverTextFields', () => {
  it('keeps the text fields and skips the files, whatever the chunk size', async () => {
    const form = new FormData();
    form.append('title', 'Jalan berlubang — dekat SD 12');
    form.append('description', 'Baris satu\r\nbaris dua');
    form.append('photos', new Blob([new Uint8Array(300_000).fill(65)]), 'besar.jpg');
    form.append('name', 'Siti');
    for (const size of [1, 7, 64, 100_000]) {
      const fields = await recoverTextFields(await multipartRequest(form, size));
      expect(fields, `chunk ${size}`).toEqual({
        title: 'Jalan berlubang — dekat SD 12',
        description: 'Baris satu\r\nbaris dua',
        name: 'Siti',
      });
    }
  });

  it('returns what came before the size limit cut the body', async () => {
    const form = new FormData();
    form.append('title', 'Sampah menumpuk');
    form.append('photos', new Blob([new Uint8Array(300_000)]), 'besar.jpg');
    form.append('name', 'Siti');
    expect(await recoverTextFields(await multipartRequest(form, 1000, 50_000))).toEqual({ title: 'Sampah menumpuk' });
  });
});
