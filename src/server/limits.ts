// Fixed operational numbers: advisory lock ids, batch sizes, rate limits, job timings and timeouts. What a
// deployment may change is read from the environment in config.ts instead; these are not configuration.
// Each says why it is that number.
import type { Limit } from './security/rate-limit.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// PostgreSQL advisory locks. An id names one lock for the whole database (and any other application
// sharing it), so every id must be unique: take new ones from here, next to the others.

/** Lets one durations processor run at a time; an arbitrary number unlikely to be used by anything else. */
export const DURATIONS_LOCK_ID = 74201701;

// Batch sizes.

/** Complaint ids per query: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const HISTORY_IDS_PER_QUERY = 900;
/** Above this many changed complaints waiting, a report reads the complaints instead of overlaying their retimed rows. */
export const DURATIONS_OVERLAY_LIMIT = 2_000;
/** Changed complaints retimed per statement: a bounded IN list and a short write. */
export const DURATIONS_CHUNK = 2_000;
/** More changed complaints than this are caught up by recomputing everything, cheaper than chunk after chunk. */
export const DURATIONS_REBUILD_ABOVE = 20_000;
/** Overdue complaints read per keyset page when recording breaches: bounded memory, no cut-off. */
export const OVERDUE_BATCH = 1000;
/** Complaints anonymised (and photos deleted) per round of the retention job; it loops until nothing is left. */
export const RETENTION_BATCH = 200;
/** Areas per INSERT when loading reference data: six columns each, under SQLite's bound-parameter limit. */
export const AREAS_INSERT_BATCH = 100;
/** Closed complaints invited to the SKM survey per run of the job; the job runs again a quarter of an hour later. */
export const SKM_INVITES_BATCH = 200;
/** Photo file names looked up per query when cleaning up files: one bound parameter each. */
export const PHOTO_NAMES_BATCH = 500;
/** Thumbnails per query when cleaning up files: three candidate photo names each (jpg, png, webp). */
export const THUMB_NAMES_BATCH = 100;

// Rate limits (hits per window). They stop scripts and floods; a person using a page as intended never
// meets them.

/** Failed logins per account: closes the door for the rest of the 15-minute window only, so nobody locks the owner out for long. */
export const ACCOUNT_FAILURES: Limit = { points: 5, windowMs: 15 * MINUTE };
/** Failed logins per address: enough for an office behind one NAT address to log in all morning. */
export const IP_LOGIN_FAILURES: Limit = { points: 20, windowMs: 15 * MINUTE };
/** Registrations and reset requests per address and hour: a family or an office, not a script. */
export const IP_LIMITS = {
  register: { points: 20, windowMs: HOUR },
  reset: { points: 10, windowMs: HOUR },
} satisfies Record<string, Limit>;
/** Reset emails per account per hour; further requests are accepted but send nothing, so nobody's mailbox is flooded. */
export const RESET_EMAILS_PER_ACCOUNT: Limit = { points: 3, windowMs: HOUR };

/** Every POST of the complaint form (valid or not) that may cost image work, per device and hour. */
export const ATTEMPTS_PER_DEVICE_HOUR = 40;
/** The same per address: a carrier gateway (CGNAT) serving a whole district's phones. */
export const ATTEMPTS_PER_ADDRESS_HOUR = 2000;
/** Supports per account or per browser and hour: far more than anyone supports by hand. */
export const SUPPORTS_PER_HOUR = 30;
/** The same per network address: a ceiling high enough for a carrier's shared (CGNAT) gateway. */
export const SUPPORTS_PER_ADDRESS_HOUR = 120;
/** Window of the two supports limits above. */
export const SUPPORT_WINDOW_MS = HOUR;
/** Tracking lookups per client address: enough for a family behind one address, too few to guess codes. */
export const TRACK_LIMIT: Limit = { points: 30, windowMs: 10 * MINUTE };
/** POSTs through a signed (emailed) link per address: the link's token must not be brute-forced. */
export const LINK_POSTS: Limit = { points: 30, windowMs: 10 * MINUTE };
/** The reporter's follow-up actions (confirm, dispute, rate, add information) per address. */
export const FOLLOW_UP_POSTS: Limit = { points: 30, windowMs: 10 * MINUTE };
/** Follow and unfollow clicks on a complaint per account. */
export const COMPLAINT_FOLLOW_POSTS: Limit = { points: 30, windowMs: 10 * MINUTE };
/** Data-rights actions on one complaint per address: each checks the complaint's access key, so this bounds guesses. */
export const COMPLAINT_DATA_POSTS: Limit = { points: 10, windowMs: 15 * MINUTE };
/** Own-data actions (download, correct, erase) per account: erasure asks for the password, so this bounds guesses. */
export const ACCOUNT_DATA_POSTS: Limit = { points: 5, windowMs: 15 * MINUTE };
/** Area alert subscriptions per address and hour: each sends a confirmation email. */
export const ALERT_SIGNUPS_PER_ADDRESS: Limit = { points: 10, windowMs: HOUR };
/** Confirmation emails per address subscribed, per hour: nobody's mailbox is flooded by someone else. */
export const ALERT_SIGNUPS_PER_EMAIL: Limit = { points: 3, windowMs: HOUR };
/** Removals of one's own area alerts per account. */
export const ALERT_SETTINGS_POSTS: Limit = { points: 60, windowMs: 10 * MINUTE };
/** Survey answers per respondent and hour. */
export const SURVEY_ANSWERS: Limit = { points: 20, windowMs: HOUR };
/** Survey answers per address and hour: a service counter's shared tablet or a carrier gateway. */
export const SURVEY_ANSWERS_PER_ADDRESS: Limit = { points: 2000, windowMs: HOUR };
/** Consultation writes per account and hour, by kind: contributions take thought, endorsements a click. */
export const CONSULTATION_LIMITS = {
  contribution: { points: 10, windowMs: HOUR },
  reply: { points: 30, windowMs: HOUR },
  endorsement: { points: 120, windowMs: HOUR },
  report: { points: 20, windowMs: HOUR },
} satisfies Record<string, Limit>;
/** WhatsApp "too many messages" notices per sender: one per window once the sender's limit is crossed. */
export const WHATSAPP_NOTICES: Limit = { points: 1, windowMs: MINUTE };

/** Staff actions on complaints (workflow and verification) per account and hour: a busy day's clicking, not a script. */
export const STAFF_COMPLAINT_ACTIONS: Limit = { points: 600, windowMs: HOUR };
/** Complaints filed at the service counter per officer and hour: one every 30 seconds. */
export const COUNTER_FILINGS: Limit = { points: 120, windowMs: HOUR };
/** Support-task actions (ask, accept, complete, decline) per account and hour. */
export const SUPPORT_TASK_ACTIONS: Limit = { points: 120, windowMs: HOUR };
/** Resolution-check decisions and reply-template edits per account and hour. */
export const STAFF_EDITS: Limit = { points: 300, windowMs: HOUR };
/** Complaint imports (SP4N-LAPOR!, spreadsheets) per administrator and hour: each parses a whole file. */
export const ADMIN_IMPORTS: Limit = { points: 30, windowMs: HOUR };
/** Open311 API keys created per administrator and hour. */
export const API_KEY_CREATIONS: Limit = { points: 20, windowMs: HOUR };
/** Posts on the trainings pages per user and hour: a morning of marking attendance and completion fits easily. */
export const TRAINING_POST_LIMIT: Limit = { points: 600, windowMs: HOUR };
/** Training evaluation edits per account and hour. */
export const TRAINING_EVALUATION_POSTS: Limit = { points: 120, windowMs: HOUR };
/** Action-plan reviews per account and hour. */
export const ACTION_PLAN_REVIEWS: Limit = { points: 300, windowMs: HOUR };
/** A staff member's posts on their own training pages (proposals, comments, action plans) per hour. */
export const OWN_TRAINING_POSTS: Limit = { points: 60, windowMs: HOUR };
/** Window of the Open311 per-key and anonymous limits, whose sizes (per minute) are the key's and the configuration's. */
export const OPEN311_WINDOW_MS = MINUTE;
/** Window of the WhatsApp per-sender limit, whose size (per minute) is configured. */
export const WHATSAPP_WINDOW_MS = MINUTE;
/** Window of the complaint filing limits (per hour), whose sizes are configured. */
export const FILING_WINDOW_MS = HOUR;

// Jobs and timeouts.

/** A job's lease is this many of its intervals, so a slow run keeps it, and at least JOB_LEASE_MIN_MS. */
export const JOB_LEASE_INTERVALS = 4;
/** Shortest job lease: a server that dies mid-run holds its job up for at most a minute. */
export const JOB_LEASE_MIN_MS = MINUTE;
/** How often the worker looks for due jobs: the shortest job interval is five seconds. */
export const WORKER_TICK_MS = SECOND;
/** Longest wait for one Graph API call (the outbox lease is derived from it, delivery.ts). */
export const GRAPH_TIMEOUT_MS = 10 * SECOND;
/** How long an SQLite connection waits for another's write lock before giving up: longer than any write transaction. */
export const SQLITE_BUSY_TIMEOUT_MS = 5 * SECOND;
/** How long a stopping server lets open requests finish before it exits anyway. */
export const SHUTDOWN_GRACE_MS = 5 * SECOND;
