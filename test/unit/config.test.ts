import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.ts';

describe('parseConfig', () => {
  it('defaults to SQLite under ./data, port 4321, WIB, Palembang', () => {
    const c = parseConfig({});
    expect(c.port).toBe(4321);
    expect(c.database).toEqual({ kind: 'sqlite', file: './data/suara-warga.db' });
    expect(c.tzRegion).toBe('WIB');
    expect(c.timeZone).toBe('Asia/Jakarta');
    expect(c.region).toBe('palembang');
    expect(c.publicUrl).toBeUndefined();
  });

  it('chooses PostgreSQL for a postgres:// URL', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@127.0.0.1:5432/db',
    });
    expect(parseConfig({ DATABASE_URL: 'postgresql://h/db' }).database.kind).toBe('postgres');
  });

  it('takes a SQLite path, with or without a sqlite: prefix', () => {
    expect(parseConfig({ DATABASE_URL: '/tmp/x.db' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x.db' });
    expect(parseConfig({ DATABASE_URL: 'sqlite:/tmp/y.db' }).database).toEqual({ kind: 'sqlite', file: '/tmp/y.db' });
  });

  it('maps the time-zone region to an IANA zone', () => {
    expect(parseConfig({ TZ_REGION: 'WITA' }).timeZone).toBe('Asia/Makassar');
    expect(parseConfig({ TZ_REGION: 'WIT' }).timeZone).toBe('Asia/Jayapura');
  });

  it("takes the region's own time zone when TZ_REGION is not set", () => {
    // db/reference/palu/region.json says WITA, jakarta and palembang WIB.
    expect(parseConfig({ REGION: 'palu' })).toMatchObject({ tzRegion: 'WITA', timeZone: 'Asia/Makassar' });
    expect(parseConfig({ REGION: 'jakarta' })).toMatchObject({ tzRegion: 'WIB', timeZone: 'Asia/Jakarta' });
    expect(parseConfig({ REGION: 'palu', TZ_REGION: '' }).timeZone).toBe('Asia/Makassar');
    // An explicit TZ_REGION still wins (an operator's deliberate override).
    expect(parseConfig({ REGION: 'palu', TZ_REGION: 'WIB' }).timeZone).toBe('Asia/Jakarta');
    // A region whose folder cannot be read falls back to WIB; the loader then says what is wrong.
    expect(parseConfig({ REGION: 'tidak-ada' }).tzRegion).toBe('WIB');
    expect(parseConfig({ REGION: 'x' }, () => 'WIT').timeZone).toBe('Asia/Jayapura');
  });

  it('bounds PostgreSQL connects, statements, idle connections and the health probe, adjustable per deployment', () => {
    expect(parseConfig({}).dbLimits).toEqual({
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      idleTimeoutMs: 30_000,
      healthTimeoutMs: 2_000,
    });
    const c = parseConfig({
      DB_CONNECT_TIMEOUT_MS: '1500',
      DB_STATEMENT_TIMEOUT_MS: '60000',
      DB_IDLE_TIMEOUT_MS: '10000',
      DB_HEALTH_TIMEOUT_MS: '1000',
    });
    expect(c.dbLimits).toEqual({ connectTimeoutMs: 1_500, statementTimeoutMs: 60_000, idleTimeoutMs: 10_000, healthTimeoutMs: 1_000 });
    expect(() => parseConfig({ DB_STATEMENT_TIMEOUT_MS: 'lama' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', PUBLIC_URL: '' }).port).toBe(4321);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['TZ_REGION', 'UTC'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['SMTP_URL', 'http://mail'],
    ['OPEN311_READS_PER_MINUTE', '0'],
    ['SMTP_TIMEOUT_SECONDS', '0'],
    ['SMTP_TIMEOUT_SECONDS', '600'],
    ['MAP_TILE_URL', 'https://tile.example.org/tiles.png'],
    ['MAP_TILE_URL', 'ftp://tile.example.org/{z}/{x}/{y}.png'],
    ['MAP_TILE_URL', 'javascript:alert(1)//{z}/{x}/{y}'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('reads session lifetimes in minutes', () => {
    const c = parseConfig({ SESSION_STAFF_IDLE_MINUTES: '15' });
    expect(c.sessions.staff.idleMs).toBe(15 * 60_000);
    expect(c.sessions.resident.absoluteMs).toBe(30 * 24 * 60 * 60_000);
  });

  it('reads the SMTP timeout in seconds, 10 unless set', () => {
    expect(parseConfig({}).smtpTimeoutMs).toBe(10_000);
    expect(parseConfig({ SMTP_TIMEOUT_SECONDS: '0.5' }).smtpTimeoutMs).toBe(500);
  });

  it('reads the Open311 limit for reads without a key', () => {
    expect(parseConfig({}).open311.anonymousReadsPerMinute).toBe(120);
    expect(parseConfig({ OPEN311_READS_PER_MINUTE: '600' }).open311.anonymousReadsPerMinute).toBe(600);
  });

  it('reads the map tile template and attribution, OpenStreetMap unless set, and the origin the CSP allows', () => {
    expect(parseConfig({}).map).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
      tileOrigin: 'https://tile.openstreetmap.org',
    });
    const own = parseConfig({ MAP_TILE_URL: 'https://{s}.peta.palembang.go.id/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Pemkot' }).map;
    expect(own).toEqual({
      tileUrl: 'https://{s}.peta.palembang.go.id/{z}/{x}/{y}.png',
      attribution: '© Pemkot',
      tileOrigin: 'https://*.peta.palembang.go.id',
    });
  });

  it('builds links from PUBLIC_URL, else the configured listen address, never a request', () => {
    expect(parseConfig({}).siteUrl).toBe('http://localhost:4321');
    expect(parseConfig({ HOST: '127.0.0.1', PORT: '8080' }).siteUrl).toBe('http://127.0.0.1:8080');
    expect(parseConfig({ HOST: '0.0.0.0' }).siteUrl).toBe('http://localhost:4321');
    expect(parseConfig({ HOST: '::1' }).siteUrl).toBe('http://[::1]:4321');
    expect(parseConfig({ PUBLIC_URL: 'https://lapor.example.go.id/' }).siteUrl).toBe('https://lapor.example.go.id');
  });

  it('refuses production on a non-loopback address without PUBLIC_URL; the loopback demo start still works', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: 'production', HOST: '10.1.2.3' })).toThrow(/PUBLIC_URL/);
    expect(parseConfig({ NODE_ENV: 'production', HOST: '0.0.0.0', PUBLIC_URL: 'https://lapor.example.go.id' }).siteUrl).toBe(
      'https://lapor.example.go.id',
    );
    expect(parseConfig({ NODE_ENV: 'production' }).siteUrl).toBe('http://localhost:4321');
    expect(parseConfig({ NODE_ENV: 'production', HOST: '127.0.0.1' }).siteUrl).toBe('http://127.0.0.1:4321');
    expect(parseConfig({ HOST: '0.0.0.0' }).publicUrl).toBeUndefined();
  });

  it('is frozen', () => {
    const c = parseConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.database)).toBe(true);
  });
});
