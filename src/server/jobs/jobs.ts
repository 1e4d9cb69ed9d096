// Periodic jobs (outbox delivery, auto-close, overdue notices, retention …) and the lease that lets
// exactly one app server run each job at a time (outbox delivery leases its rows instead). Every job
// is idempotent and takes `now`, so tests can run it on a moved clock.
import type { Kysely } from 'kysely';
import { config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { deliverOutbox, smtpMailer, type Mailer } from '../notifications/delivery.ts';
import { autoCloseResolved, notifyOverdue } from '../workflow/workflow-jobs.ts';
import { runRetention } from '../dataprotection/retention.ts';
import { maintainDurations } from '../metrics/durations.service.ts';
import { loadCalendar } from '../calendar/calendar.repository.ts';
import { pruneRateLimits, RATE_LIMIT_KEEP_MS } from '../security/rate-limit.ts';
import { cleanUpPhotoFiles } from '../complaints/photo-files.ts';
import { sendAreaAlerts } from '../follows/alerts.service.ts';
import { deliverWhatsappReplies, expireConversations } from '../channels/whatsapp-jobs.ts';
import { inviteClosedComplaintsToSkm } from '../surveys/skm-invites.ts';
import { autoAcceptChecks } from '../checks/checks.service.ts';
import { JOB_LEASE_INTERVALS, JOB_LEASE_MIN_MS } from '../limits.ts';

export interface Job {
  name: string;
  intervalMs: number;
  /**
   * false: the job guards its own work (row leases) and runs on every server at once, without a job
   * lease, so a server killed mid-run holds nothing up but the rows it leased.
   */
  exclusive?: boolean;
  run(db: Kysely<Database>, now: Date): Promise<unknown>;
}

let mailer: Mailer | undefined;

/** The jobs this deployment runs. Add a domain's job here. */
export function jobs(): Job[] {
  const cfg = config();
  const list: Job[] = [];
  if (cfg.smtpUrl) {
    mailer ??= smtpMailer(cfg.smtpUrl, cfg.mailFrom, cfg.publicUrl?.hostname, cfg.smtpTimeoutMs);
    const m = mailer;
    // Delivery leases rows itself, so it runs on every server at once.
    list.push({ name: 'outbox.deliver', intervalMs: 5_000, exclusive: false, run: (db, now) => deliverOutbox(db, m, { now }) });
  }
  const whatsapp = cfg.whatsapp;
  if (whatsapp) {
    // WhatsApp replies and notices: the same outbox rows, leased per message like email.
    list.push({
      name: 'outbox.deliver_whatsapp',
      intervalMs: 5_000,
      exclusive: false,
      run: (db, now) => deliverWhatsappReplies(db, whatsapp, now),
    });
  }
  // Always, so conversations and seen ids are cleared even after the channel is switched off.
  list.push({ name: 'whatsapp.housekeeping', intervalMs: 10 * 60_000, run: (db, now) => expireConversations(db, now, cfg.uploadDir) });
  list.push({ name: 'complaints.auto_close', intervalMs: 10 * 60_000, run: (db, now) => autoCloseResolved(db, now) });
  const siteUrl = cfg.siteUrl;
  // Resolution checks nobody made within 3 working days are accepted automatically (recorded as such).
  list.push({
    name: 'resolutions.auto_accept',
    intervalMs: 10 * 60_000,
    run: async (db, now) => autoAcceptChecks(db, now, await loadCalendar(db), siteUrl),
  });
  list.push({ name: 'complaints.overdue', intervalMs: 10 * 60_000, run: (db, now) => notifyOverdue(db, now, siteUrl) });
  list.push({
    name: 'dataprotection.retention',
    intervalMs: 60 * 60_000,
    run: (db, now) =>
      runRetention(db, now, {
        contactMonths: cfg.retention.contactMonths,
        photoMonths: cfg.retention.photoMonths,
        uploadDir: cfg.uploadDir,
      }),
  });
  // Photo files: finish renames a crash interrupted, remove abandoned and orphaned files.
  list.push({ name: 'complaints.photo_files', intervalMs: 10 * 60_000, run: (db, now) => cleanUpPhotoFiles(db, cfg.uploadDir, now) });
  // Area alerts: one email per confirmed subscription with the complaints made public since the last run.
  list.push({ name: 'alerts.send', intervalMs: 15 * 60_000, run: (db, now) => sendAreaAlerts(db, now, siteUrl) });
  // Reporters of closed complaints: one invitation each to the department's open SKM.
  list.push({
    name: 'surveys.skm_invites',
    intervalMs: 15 * 60_000,
    run: (db, now) => inviteClosedComplaintsToSkm(db, now, { siteUrl, timeZone: cfg.timeZone }),
  });
  // Stored report durations: catch up on changed complaints, or retime all after a holiday edit.
  list.push({ name: 'reports.durations', intervalMs: 30_000, run: async (db) => maintainDurations(db, await loadCalendar(db)) });
  // Every client address and account leaves a counter row; without this the table only grows.
  list.push({
    name: 'security.prune_rate_limits',
    intervalMs: 60 * 60_000,
    run: async (db, now) => ({ pruned: await pruneRateLimits(db, new Date(now.getTime() - RATE_LIMIT_KEEP_MS)) }),
  });
  return list;
}

/** Takes the job's lease for `ms`; false when another server holds it. */
export async function acquireJobLease(db: Kysely<Database>, name: string, owner: string, now: Date, ms: number): Promise<boolean> {
  const t = now.getTime();
  const r = await db
    .insertInto('job_leases')
    .values({ name, owner, lease_until: t + ms, last_run_at: null, last_result: null })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, lease_until: t + ms })
        .where((eb) => eb.or([eb('job_leases.lease_until', '<', t), eb('job_leases.owner', '=', owner)])),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function recordJobRun(db: Kysely<Database>, name: string, owner: string, now: Date, result: unknown): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ last_run_at: now.getTime(), last_result: JSON.stringify(result ?? null).slice(0, 2000), lease_until: now.getTime() })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute();
}

/** Runs one job once under its lease (none for exclusive: false); ran: false when another server has it. */
export async function runJobOnce(
  db: Kysely<Database>,
  job: Job,
  owner: string,
  now = new Date(),
): Promise<{ ran: boolean; result?: unknown }> {
  if (job.exclusive === false) return { ran: true, result: await job.run(db, now) };
  const leaseMs = Math.max(job.intervalMs * JOB_LEASE_INTERVALS, JOB_LEASE_MIN_MS);
  if (!(await acquireJobLease(db, job.name, owner, now, leaseMs))) return { ran: false };
  const result = await job.run(db, now);
  await recordJobRun(db, job.name, owner, now, result);
  return { ran: true, result };
}
