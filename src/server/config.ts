// Reads the deployment's environment once, validates it with zod, and freezes the result.
import { z } from 'zod';

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
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('Suara Warga <no-reply@localhost>'),
  TZ_REGION: z.enum(['WIB', 'WITA', 'WIT']).default('WIB'),
  REGION: z.string().regex(/^[a-z0-9-]+$/).default('palembang'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  COMPLAINT_MIN_FILL_SECONDS: z.coerce.number().int().min(0).default(3),
  OPEN311_READS_PER_MINUTE: z.coerce.number().int().positive().default(120),
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
  smtpUrl: string | undefined;
  mailFrom: string;
  tzRegion: keyof typeof TIME_ZONES;
  timeZone: string;
  region: string;
  logLevel: string;
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
  complaints: Readonly<{ perHour: number; minFillMs: number }>;
  /** Open311 reads without an API key, per client address and minute. */
  open311: Readonly<{ anonymousReadsPerMinute: number }>;
  /** PostgreSQL time limits (SQLite has its own busy timeout). */
  dbLimits: Readonly<{ connectTimeoutMs: number; statementTimeoutMs: number; idleTimeoutMs: number; healthTimeoutMs: number }>;
}>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Treat empty strings as unset: shells and .env files often export VAR= on purpose.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Konfigurasi tidak valid / invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  const url = e.DATABASE_URL;
  const database: AppConfig['database'] =
    url && /^postgres(ql)?:\/\//.test(url)
      ? { kind: 'postgres', url }
      : { kind: 'sqlite', file: url ? url.replace(/^(sqlite:|file:)/, '') : './data/suara-warga.db' };
  const minutes = (m: number) => m * 60_000;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(database),
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : undefined,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tzRegion: e.TZ_REGION,
    timeZone: TIME_ZONES[e.TZ_REGION],
    region: e.REGION,
    logLevel: e.LOG_LEVEL,
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
    complaints: Object.freeze({ perHour: e.COMPLAINTS_PER_HOUR, minFillMs: e.COMPLAINT_MIN_FILL_SECONDS * 1000 }),
    open311: Object.freeze({ anonymousReadsPerMinute: e.OPEN311_READS_PER_MINUTE }),
    dbLimits: Object.freeze({
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
      healthTimeoutMs: e.DB_HEALTH_TIMEOUT_MS,
    }),
  });
}

let cached: AppConfig | undefined;

/** The process-wide configuration, read from process.env on first use. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
