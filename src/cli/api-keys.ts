// cli create-api-key --label NAME [--per-minute N] and revoke-api-key --id N: Open311 client keys.
import { getDb } from '../server/db/index.ts';
import { createApiKey, revokeApiKey } from '../server/open311/api-keys.ts';
import type { Command } from './command.ts';

export const createApiKeyCommand: Command = {
  summary: 'create-api-key --label NAME [--per-minute N]: a new Open311 API key (printed once, on the last line)',
  options: { label: { type: 'string' }, 'per-minute': { type: 'string' } },
  async run(values) {
    const label = typeof values.label === 'string' ? values.label : '';
    const perMinute = values['per-minute'] === undefined ? undefined : Number(values['per-minute']);
    if (!label.trim()) {
      console.error('usage: npm run cli -- create-api-key --label NAME [--per-minute N]');
      return 2;
    }
    if (perMinute !== undefined && !(Number.isInteger(perMinute) && perMinute > 0 && perMinute <= 10_000)) {
      console.error('--per-minute must be a whole number from 1 to 10000');
      return 2;
    }
    const k = await createApiKey(getDb(), { label, requestsPerMinute: perMinute });
    console.log(`API key #${k.id} "${label}" created. It is shown only now; store it safely:`);
    console.log(k.key);
  },
};

export const revokeApiKeyCommand: Command = {
  summary: 'revoke-api-key --id N: revoke an Open311 API key',
  options: { id: { type: 'string' } },
  async run(values) {
    const id = Number(values.id);
    if (!Number.isInteger(id) || id < 1) {
      console.error('usage: npm run cli -- revoke-api-key --id N');
      return 2;
    }
    const ok = await revokeApiKey(getDb(), id, null);
    console.log(ok ? `API key #${id} revoked` : `no active API key #${id}`);
    return ok ? 0 : 1;
  },
};
