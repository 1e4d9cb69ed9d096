// Loaded into a child server with NODE_OPTIONS=--import: every file opened for writing in UPLOAD_DIR
// is created but its write fails with ENOSPC, as on a full disk.
import fs from 'node:fs';

const dir = process.env.UPLOAD_DIR;
const open = fs.promises.open;
fs.promises.open = async function (file, flags, mode) {
  const handle = await open.call(this, file, flags, mode);
  if (dir && String(file).startsWith(dir) && /[wa]/.test(String(flags ?? ''))) {
    handle.writeFile = async () => {
      const e = new Error('ENOSPC: no space left on device, write');
      e.code = 'ENOSPC';
      throw e;
    };
  }
  return handle;
};
