// Open311 GeoReport v2 against the built server: discovery, services, definitions, errors, API keys.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findActiveApiKey, revokeApiKey } from '../../src/server/open311/api-keys.ts';
import { createTestDb, dialectName, type TestDb } from '../support/db.ts';
import { parseXml, validateOpen311 } from '../support/open311.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let db: TestDb;
let server: RunningServer;
const api = (p: string) => `${server.url}/open311/v2/${p}`;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await server?.stop();
  await db?.cleanup();
});

describe(`Open311 GeoReport v2 (${dialectName})`, () => {
  it('discovery in JSON and XML', async () => {
    const r = await fetch(api('discovery.json'));
    expect(r.headers.get('content-type')).toContain('application/json');
    const json = await r.json();
    expect(validateOpen311('discovery', json)).toEqual([]);
    expect(json.endpoints[0].url).toBe(`${server.url}/open311/v2`);
    const x = await fetch(api('discovery.xml'));
    expect(x.headers.get('content-type')).toContain('text/xml');
    const doc = parseXml(await x.text());
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('services are the active categories, grouped by department', async () => {
    const json = await (await fetch(api('services.json'))).json();
    expect(validateOpen311('services', json)).toEqual([]);
    expect(json).toHaveLength(17);
    expect(json.find((s: { service_code: string }) => s.service_code === 'jalan-rusak')).toMatchObject({
      service_name: 'Jalan rusak atau berlubang',
      group: 'Dinas PUPR',
      type: 'realtime',
      metadata: false,
    });
    const en = await (await fetch(api('services.json?lang=en'))).json();
    expect(en.find((s: { service_code: string }) => s.service_code === 'jalan-rusak').service_name).toBe('Damaged or potholed road');
    const doc = parseXml(await (await fetch(api('services.xml'))).text());
    expect(doc.services.service).toHaveLength(17);
    expect(doc.services.service[0]).toHaveProperty('service_code');
    // A deactivated category disappears from the list.
    await db.db.updateTable('categories').set({ active: 0 }).where('code', '=', 'parkir').execute();
    const after = await (await fetch(api('services.json'))).json();
    expect(after.map((s: { service_code: string }) => s.service_code)).not.toContain('parkir');
  });

  it('service definitions, and 404 in the error format for an unknown code', async () => {
    const def = await (await fetch(api('services/sampah.json'))).json();
    expect(validateOpen311('service-definition', def)).toEqual([]);
    expect(def.service_code).toBe('sampah');
    const missing = await fetch(api('services/tidak-ada.json'));
    expect(missing.status).toBe(404);
    expect(validateOpen311('errors', await missing.json())).toEqual([]);
    const missingXml = await fetch(api('services/tidak-ada.xml'));
    expect(parseXml(await missingXml.text()).errors.error[0].code).toBe('404');
  });

  it('answers unknown resources and formats with the spec’s error list', async () => {
    const r = await fetch(api('nothing.json'));
    expect(r.status).toBe(404);
    expect(validateOpen311('errors', await r.json())).toEqual([]);
    const noFormat = await fetch(api('services'));
    expect(noFormat.status).toBe(404);
    expect(parseXml(await noFormat.text()).errors.error[0].code).toBe('404');
  });

  it('API keys are stored hashed, found while active, refused after revocation', async () => {
    const k = await createApiKey(db.db, { label: 'Aplikasi uji' });
    const stored = await db.db.selectFrom('api_keys').selectAll().where('id', '=', k.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(k.key.slice(3));
    expect(JSON.stringify(stored)).not.toContain(k.key);
    expect((await findActiveApiKey(db.db, k.key))?.id).toBe(k.id);
    expect(await findActiveApiKey(db.db, `${k.key}x`)).toBeUndefined();
    expect(await revokeApiKey(db.db, k.id, null)).toBe(true);
    expect(await findActiveApiKey(db.db, k.key)).toBeUndefined();
    const audit = await db.db.selectFrom('audit_log').select('action').where('object_type', '=', 'api_key').execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('`npm run cli -- create-api-key --label NAME` prints a working key on its last line', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const r = spawnSync(process.execPath, [path.join(root, 'src/cli/index.ts'), 'create-api-key', '--label', 'FixMyStreet Palembang'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const key = r.stdout.trim().split('\n').at(-1)!;
    expect((await findActiveApiKey(db.db, key))?.label).toBe('FixMyStreet Palembang');
  });
});
