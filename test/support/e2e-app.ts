// The portal a browser test drives: a fresh database, the built server on it and Chromium, started in
// beforeAll and stopped in afterAll. A test file calls useE2eApp once at its top and reads app.db,
// app.server, app.browser (and app.uploadDir) inside its tests; its own beforeAll hooks run after this
// one, so they can create users and data in app.db. Tests that fill the complaint form usually pass
// COMPLAINT_MIN_FILL_SECONDS: '0': Playwright fills a form faster than any person; the minimum fill
// time is tested over HTTP instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { createTestDb, type TestDb } from './db.ts';
import { startServer, type RunningServer } from './server.ts';

export interface E2eApp {
  db: TestDb;
  server: RunningServer;
  browser: Browser;
  /** The photo folder, when the app was asked for one. */
  uploadDir: string;
}

export interface E2eOptions {
  /** Server environment beyond DATABASE_URL (and UPLOAD_DIR with `uploads`). */
  env?: Record<string, string>;
  /** A private photo folder under the system's temp folder, removed afterwards. */
  uploads?: boolean;
  /** Data the server must find when it starts (it runs before the server and the browser). */
  seed?: (db: TestDb) => Promise<void>;
}

export function useE2eApp(o: E2eOptions = {}): E2eApp {
  const app = { uploadDir: '' } as E2eApp;
  beforeAll(async () => {
    app.db = await createTestDb();
    if (o.uploads) app.uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-'));
    await o.seed?.(app.db);
    app.server = await startServer({ DATABASE_URL: app.db.url, ...(o.uploads ? { UPLOAD_DIR: app.uploadDir } : {}), ...o.env });
    app.browser = await launchBrowser();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
    await app.db?.cleanup();
    if (app.uploadDir) fs.rmSync(app.uploadDir, { recursive: true, force: true });
  });
  return app;
}
