// Reads the deployment's environment once, validates it with zod, and freezes the result.
import { z } from 'zod';
import { regionTimeZone } from './reference/region-dir.ts';

const TIME_ZONES = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
} as const;

const durationMinutes = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === '' || /^postgres(ql)?:\/\//.test(v) || /^(sqlite:|file:)?[^:]+$/.test(v),
      'harus postgres://… atau path berkas SQLite / must be postgres://… or a SQLite file path',
    ),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('Suara Warga <no-reply@localhost>'),
  // Longest single SMTP wait (connecting, the greeting, each reply); leases derive from it (delivery.ts).
  SMTP_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  TZ_REGION: z.enum(['WIB', 'WITA', 'WIT']).optional(),
  REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('palembang'),
  // Unset: info, or silent under the test runner (NODE_ENV=test).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  // How long a computed statistics page is served before asking whether the data changed; 0: every request.
  STATS_FRESHNESS_MS: z.coerce.number().int().min(0).default(1000),
  // TLS served by the portal itself (both paths set), else plain HTTP behind a proxy.
  SERVER_CERT_PATH: z.string().min(1).optional(),
  SERVER_KEY_PATH: z.string().min(1).optional(),
  TRUSTED_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  BODY_LIMIT_MB: z.coerce.number().positive().max(100).default(10),
  SESSION_STAFF_IDLE_MINUTES: durationMinutes.default(30),
  SESSION_STAFF_ABSOLUTE_MINUTES: durationMinutes.default(12 * 60),
  SESSION_RESIDENT_IDLE_MINUTES: durationMinutes.default(7 * 24 * 60),
  SESSION_RESIDENT_ABSOLUTE_MINUTES: durationMinutes.default(30 * 24 * 60),
  DPO_CONTACT: z.string().default('ppid@localhost'),
  RETENTION_CONTACT_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  RETENTION_PHOTO_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  UPLOAD_DIR: z.string().default('./data/uploads'),
  COMPLAINTS_PER_HOUR: z.coerce.number().int().positive().default(10),
  // One carrier (CGNAT) address serves many residents: a flood ceiling, not a per-person limit.
  COMPLAINTS_PER_ADDRESS_HOUR: z.coerce.number().int().positive().default(300),
  COMPLAINT_MIN_FILL_SECONDS: z.coerce.number().int().min(0).default(3),
  /** "Similar complaints nearby" on the form: the radius around the resident's point. */
  NEARBY_RADIUS_METERS: z.coerce.number().int().min(10).max(5000).default(250),
  OPEN311_READS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  // The WhatsApp Business Cloud API channel (docs/whatsapp.md); off unless the first four are all set.
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(8).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional(),
  // Graph API v26.0 is the newest listed at https://developers.facebook.com/docs/graph-api/changelog (released 29 July 2026).
  WHATSAPP_GRAPH_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v26.0'),
  // The approved template sent outside the 24-hour customer-service window; one body variable: the tracking code.
  WHATSAPP_TEMPLATE_NAME: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/)
    .default('pembaruan_pengaduan'),
  WHATSAPP_MESSAGES_PER_MINUTE: z.coerce.number().int().positive().default(20),
  // Discovery's contact; the data protection contact when unset.
  OPEN311_CONTACT: z.string().max(200).optional(),
  // media_url is fetched server-side: hosts or addresses (comma-separated) allowed even when private or
  // loopback (an intranet image server; the tests' loopback server). Empty: only public addresses.
  OPEN311_MEDIA_ALLOW_HOSTS: z.string().default(''),
  OPEN311_MEDIA_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(10),
  // Map tiles: an {z}/{x}/{y} template (optionally {s}) on http(s); OpenStreetMap's standard tiles by
  // default (their tile usage policy asks for the attribution below), a region's own server by configuration.
  MAP_TILE_URL: z
    .string()
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    .refine(
      (v) => /^https?:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}/.test(v) && tileOrigin(v) !== null,
      'must be an http(s) URL template with {z}, {x} and {y}',
    ),
  MAP_TILE_ATTRIBUTION: z.string().max(300).default('© OpenStreetMap contributors'),
  NODE_ENV: z.string().optional(),
  // PostgreSQL: how long to wait for a connection, a statement, and /healthz's probe; idle pool
  // connections are closed after DB_IDLE_TIMEOUT_MS.
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DB_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
});

export type AppConfig = Readonly<{
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  publicUrl: URL | undefined;
  /**
   * The origin every absolute link starts with (emails, Open311 URLs, data exports), without a trailing
   * slash: PUBLIC_URL, else the address this server listens on. Never the request's Host header.
   */
  siteUrl: string;
  smtpUrl: string | undefined;
  /** Longest single SMTP wait; the whole send and the message lease are derived from it. */
  smtpTimeoutMs: number;
  mailFrom: string;
  tzRegion: keyof typeof TIME_ZONES;
  timeZone: string;
  region: string;
  logLevel: string;
  /** How long a computed statistics page is served before checking the data's version (0: every request). */
  statsFreshnessMs: number;
  /** TLS served by the portal itself, when both paths are configured. */
  tls: Readonly<{ certPath: string; keyPath: string }> | undefined;
  trustedProxy: boolean;
  bodyLimitBytes: number;
  sessions: Readonly<{
    staff: Readonly<{ idleMs: number; absoluteMs: number }>;
    resident: Readonly<{ idleMs: number; absoluteMs: number }>;
  }>;
  dpoContact: string;
  retention: Readonly<{ contactMonths: number; photoMonths: number }>;
  /** Where complaint photos are stored (generated names only). */
  uploadDir: string;
  complaints: Readonly<{ perHour: number; perAddressHour: number; minFillMs: number }>;
  /** Radius of the nearby-complaints search on the filing form, in metres. */
  nearbyRadiusM: number;
  /** Map tiles: the URL template, its attribution (plain text) and the origin the CSP allows images from. */
  map: Readonly<{ tileUrl: string; attribution: string; tileOrigin: string }>;
  /** Open311 reads without an API key, per client address and minute. */
  open311: Readonly<{ anonymousReadsPerMinute: number; contact: string; mediaAllowHosts: readonly string[]; mediaTimeoutMs: number }>;
  /** The WhatsApp channel; undefined (the webhook answers 404) unless it is fully configured. */
  whatsapp: WhatsappConfig | undefined;
  /** PostgreSQL time limits (SQLite has its own busy timeout). */
  dbLimits: Readonly<{ connectTimeoutMs: number; statementTimeoutMs: number; idleTimeoutMs: number; healthTimeoutMs: number }>;
}>;

export type WhatsappConfig = Readonly<{
  verifyToken: string;
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  /** Base of every Graph API call, without a trailing slash, e.g. https://graph.facebook.com/v26.0. */
  graphUrl: string;
  templateName: string;
  /** Messages one sender may send per minute before the rest are ignored. */
  perMinute: number;
}>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses an environment; throws ConfigError naming each bad variable. Without TZ_REGION the region's
 * own zone (region.json time_zone) is the deployment's: REGION=palu runs on WITA unless told otherwise.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  zoneOfRegion: (region: string) => keyof typeof TIME_ZONES | undefined = regionTimeZone,
): AppConfig {
  // Treat empty strings as unset: shells and .env files often export VAR= on purpose.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Konfigurasi tidak valid / invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  const tzRegion = e.TZ_REGION ?? zoneOfRegion(e.REGION) ?? 'WIB';
  const url = e.DATABASE_URL;
  const database: AppConfig['database'] =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { kind: 'postgres', url }
      : { kind: 'sqlite', file: url ? url.replace(/^(sqlite:|file:)/, '') : './data/suara-warga.db' };
  const minutes = (m: number) => m * 60_000;
  const publicUrl = e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : undefined;
  // In production the links in emails must reach the citizen's browser. A server listening beyond this
  // machine without PUBLIC_URL would send links to whatever address it listens on, so it refuses to
  // start. A loopback start (the README's demo `npm start`) can only be reached from this machine,
  // where http://localhost:<PORT> is right.
  if (!publicUrl && e.NODE_ENV === 'production' && !isLoopback(e.HOST)) {
    throw new ConfigError(
      `Konfigurasi tidak valid / invalid configuration:\n  PUBLIC_URL: wajib di produksi bila HOST=${e.HOST} bukan loopback ` +
        `(alamat publik portal untuk tautan di email) / required in production when HOST is not loopback ` +
        `(the portal's public address, used for links in emails), e.g. PUBLIC_URL=https://lapor.example.go.id`,
    );
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(database),
    publicUrl,
    siteUrl: publicUrl ? publicUrl.origin : `http://${urlHost(e.HOST)}:${e.PORT}`,
    smtpUrl: e.SMTP_URL,
    smtpTimeoutMs: Math.round(e.SMTP_TIMEOUT_SECONDS * 1000),
    mailFrom: e.MAIL_FROM,
    tzRegion,
    timeZone: TIME_ZONES[tzRegion],
    region: e.REGION,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    statsFreshnessMs: e.STATS_FRESHNESS_MS,
    tls: e.SERVER_CERT_PATH && e.SERVER_KEY_PATH ? Object.freeze({ certPath: e.SERVER_CERT_PATH, keyPath: e.SERVER_KEY_PATH }) : undefined,
    trustedProxy: e.TRUSTED_PROXY,
    bodyLimitBytes: Math.round(e.BODY_LIMIT_MB * 1024 * 1024),
    sessions: Object.freeze({
      staff: Object.freeze({
        idleMs: minutes(e.SESSION_STAFF_IDLE_MINUTES),
        absoluteMs: minutes(e.SESSION_STAFF_ABSOLUTE_MINUTES),
      }),
      resident: Object.freeze({
        idleMs: minutes(e.SESSION_RESIDENT_IDLE_MINUTES),
        absoluteMs: minutes(e.SESSION_RESIDENT_ABSOLUTE_MINUTES),
      }),
    }),
    dpoContact: e.DPO_CONTACT,
    retention: Object.freeze({ contactMonths: e.RETENTION_CONTACT_MONTHS, photoMonths: e.RETENTION_PHOTO_MONTHS }),
    uploadDir: e.UPLOAD_DIR,
    complaints: Object.freeze({
      perHour: e.COMPLAINTS_PER_HOUR,
      perAddressHour: e.COMPLAINTS_PER_ADDRESS_HOUR,
      minFillMs: e.COMPLAINT_MIN_FILL_SECONDS * 1000,
    }),
    nearbyRadiusM: e.NEARBY_RADIUS_METERS,
    whatsapp:
      e.WHATSAPP_VERIFY_TOKEN && e.WHATSAPP_APP_SECRET && e.WHATSAPP_ACCESS_TOKEN && e.WHATSAPP_PHONE_NUMBER_ID
        ? Object.freeze({
            verifyToken: e.WHATSAPP_VERIFY_TOKEN,
            appSecret: e.WHATSAPP_APP_SECRET,
            accessToken: e.WHATSAPP_ACCESS_TOKEN,
            phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
            graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
            templateName: e.WHATSAPP_TEMPLATE_NAME,
            perMinute: e.WHATSAPP_MESSAGES_PER_MINUTE,
          })
        : undefined,
    open311: Object.freeze({
      anonymousReadsPerMinute: e.OPEN311_READS_PER_MINUTE,
      contact: e.OPEN311_CONTACT ?? e.DPO_CONTACT,
      mediaAllowHosts: Object.freeze(
        e.OPEN311_MEDIA_ALLOW_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
      mediaTimeoutMs: Math.round(e.OPEN311_MEDIA_TIMEOUT_SECONDS * 1000),
    }),
    map: Object.freeze({ tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION, tileOrigin: tileOrigin(e.MAP_TILE_URL)! }),
    dbLimits: Object.freeze({
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
      healthTimeoutMs: e.DB_HEALTH_TIMEOUT_MS,
    }),
  });
}

/**
 * The CSP source a tile template's images come from: its origin, with a {s} subdomain placeholder as a
 * wildcard ("https://*.tile.example.org"); null when it is not a usable http(s) URL.
 */
export function tileOrigin(template: string): string | null {
  try {
    const u = new URL(template.replace(/\{s\}/g, 'SUBDOMAIN').replace(/\{[a-z]+\}/gi, '0'));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin.replace('SUBDOMAIN', '*').replace('subdomain', '*');
  } catch {
    return null;
  }
}

/** Whether HOST is reachable from this machine only (localhost, 127.x.x.x, ::1). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The listening host as it goes into a URL: a wildcard address is not browsable, so localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

let cached: AppConfig | undefined;

/** The process-wide configuration, read from process.env on first use. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
