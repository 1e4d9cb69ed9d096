// The text fields of a multipart body too large to accept: read as a stream, file contents skipped
// and never held, until the body ends or the server's size limit cuts it. The filing form is shown
// again with what was recovered, so a resident whose photos were too large keeps what they typed.
const MAX_FIELD_BYTES = 20_000;
const MAX_FIELDS = 50;
const MAX_HEADER_BYTES = 8_000;

/** Text fields in the body's order, as far as the body could be read; files are skipped. */
export async function recoverTextFields(request: Request): Promise<Record<string, string>> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(request.headers.get('content-type') ?? '');
  const fields: Record<string, string> = {};
  if (!boundary || !request.body) return fields;
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // A CRLF in front makes the first boundary look like every other one.
  let buf = Buffer.from('\r\n');
  let state: 'body' | 'after' | 'headers' = 'body';
  let part: { name: string | null; chunks: Buffer[]; size: number } = { name: null, chunks: [], size: 0 };
  let count = 0;
  const keep = (data: Buffer) => {
    if (part.name === null || part.size > MAX_FIELD_BYTES) return;
    part.size += data.length;
    if (part.size <= MAX_FIELD_BYTES) part.chunks.push(data);
  };
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf = Buffer.concat([buf, value]);
      for (;;) {
        if (state === 'body') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            // Keep only what could be the start of a delimiter split across chunks.
            const safe = Math.max(0, buf.length - delimiter.length);
            keep(buf.subarray(0, safe));
            buf = buf.subarray(safe);
            break;
          }
          keep(buf.subarray(0, at));
          if (part.name !== null && part.size <= MAX_FIELD_BYTES && count < MAX_FIELDS && !(part.name in fields)) {
            fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
            count += 1;
          }
          buf = buf.subarray(at + delimiter.length);
          state = 'after';
        }
        if (state === 'after') {
          if (buf.length < 2) break;
          if (buf.subarray(0, 2).toString() === '--') return fields;
          state = 'headers';
        }
        if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buf.length > MAX_HEADER_BYTES) return fields;
            break;
          }
          const headers = buf.subarray(0, end).toString('utf8');
          const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? null;
          // A file part (filename=…) is skipped: its bytes are never kept.
          part = { name: /filename=/i.test(headers) ? null : name, chunks: [], size: 0 };
          buf = buf.subarray(end + 4);
          state = 'body';
        }
      }
    }
  } catch {
    // The size limit cut the body: what was read so far is what there is.
  } finally {
    reader.releaseLock();
  }
  return fields;
}
