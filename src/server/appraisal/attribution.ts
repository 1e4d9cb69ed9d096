// Who did each stage of a complaint, read from its workflow events (DESIGN.md §2: every transition is an
// event with its actor), so each appraisal figure counts for the officer who acted in that stage rather
// than for whoever holds the complaint now. Pure: the repository loads the events.
//
// Credit (the evidence page and the README say the same, one sentence per figure):
// - response SLA and first-response time: whoever gave the first public response; a miss (answered late,
//   or unanswered past due) goes to whoever held the complaint when the response fell due, if anyone did;
// - resolution SLA, resolution time and CSAT: whoever resolved last; a miss to the holder at the due time;
// - reopen rate and disputes: whoever's resolution was disputed (a returned resolution counts the same);
// - cases handled: everyone who held, answered or resolved the complaint;
// - time in hand: the working time the complaint sat with an officer while open.
// Complaints without stage events (rows written straight into the database by old imports) fall back to
// the current assignee for every stage.
import type { ComplaintFact } from '../metrics/responsiveness.ts';

export interface StageEvent {
  at: number;
  action: string;
  actorUserId: number | null;
  /** For 'assign' events: who the complaint was given to. */
  assigneeUserId?: number | null;
}

export interface Hold {
  userId: number;
  from: number;
  /** null: still held and open now. */
  to: number | null;
}

export interface Resolution {
  at: number;
  by: number | null;
  /** The dispute (or check return) that undid this resolution, if any. */
  undoneAt: number | null;
}

export interface StageCredit {
  firstResponder: number | null;
  resolutions: Resolution[];
  /** Periods in which one officer held the complaint while it was open. */
  holds: Hold[];
}

/** Actions after which the complaint is open in the department (someone should work on it). */
const OPENS = new Set(['route', 'assign', 'respond', 'dispute', 'transfer', 'resolution_returned']);
const CLOSES = new Set(['resolve', 'reject', 'confirm', 'auto_close']);
const UNDOES = new Set(['dispute', 'resolution_returned']);

/** What the current assignee alone explains: the whole life of the complaint is theirs. */
function legacyCredit(f: ComplaintFact): StageCredit {
  const a = f.assigneeUserId;
  const resolveTimes = f.history?.filter((e) => e.action === 'resolve').map((e) => e.at) ?? (f.resolvedAt !== null ? [f.resolvedAt] : []);
  const disputes = f.history?.filter((e) => e.action === 'dispute').map((e) => e.at) ?? [];
  return {
    firstResponder: f.firstResponseAt !== null ? a : null,
    resolutions: resolveTimes.map((at, i) => ({
      at,
      by: a,
      undoneAt: disputes.find((d) => d > at && (resolveTimes[i + 1] === undefined || d < resolveTimes[i + 1]!)) ?? null,
    })),
    holds:
      a !== null && f.assignedAt !== null
        ? [{ userId: a, from: f.assignedAt, to: f.state === 'resolved' || f.state === 'closed' ? f.resolvedAt : f.rejectedAt }]
        : [],
  };
}

/** The stages of one complaint from its events (time order); legacy credit when there are none. */
export function stageCredit(f: ComplaintFact, events: readonly StageEvent[] | undefined): StageCredit {
  if (!events || events.length === 0) return legacyCredit(f);
  let holder: number | null = null;
  let open = false;
  let since = 0;
  let lastHandover = f.assignedAt ?? f.submittedAt;
  let firstResponder: number | null = null;
  let responded = false;
  const holds: Hold[] = [];
  const resolutions: Resolution[] = [];
  const setHold = (nextHolder: number | null, nextOpen: boolean, at: number) => {
    if (holder === nextHolder && open === nextOpen) return;
    if (holder !== null && open) holds.push({ userId: holder, from: since, to: at });
    holder = nextHolder;
    open = nextOpen;
    since = at;
  };
  for (const e of events) {
    let nextHolder: number | null = holder;
    let nextOpen = open;
    if (e.action === 'assign') {
      nextHolder = e.assigneeUserId ?? null;
      lastHandover = e.at;
    } else if (e.action === 'transfer') {
      nextHolder = null;
      lastHandover = e.at;
    } else if (e.action === 'respond') {
      // The respond command gives an unassigned complaint to whoever answers it.
      nextHolder = holder ?? e.actorUserId;
      if (!responded) firstResponder = e.actorUserId;
      responded = true;
    } else if (e.action === 'resolve') {
      nextHolder = holder ?? e.actorUserId;
      resolutions.push({ at: e.at, by: e.actorUserId, undoneAt: null });
    } else if (UNDOES.has(e.action)) {
      const last = resolutions.at(-1);
      if (last && last.undoneAt === null) last.undoneAt = e.at;
    }
    if (OPENS.has(e.action)) nextOpen = true;
    if (CLOSES.has(e.action)) nextOpen = false;
    setHold(nextHolder, nextOpen, e.at);
  }
  if (holder !== f.assigneeUserId && f.assigneeUserId !== null) {
    // The events do not explain the current assignee (set without an event): they hold it since the
    // last handover, as the assign command would have recorded.
    holds.splice(0, holds.length, ...holds.filter((h) => (h.to ?? Infinity) <= lastHandover));
    if (open) holds.push({ userId: f.assigneeUserId, from: lastHandover, to: null });
    else if (since > lastHandover) holds.push({ userId: f.assigneeUserId, from: lastHandover, to: since });
    for (const r of resolutions) r.by ??= f.assigneeUserId;
    firstResponder ??= f.firstResponseAt !== null ? f.assigneeUserId : null;
  } else if (holder !== null && open) holds.push({ userId: holder, from: since, to: null });
  return { firstResponder, resolutions, holds };
}

/** Who held the complaint (open) at instant t, or null. */
export function holderAt(s: StageCredit, t: number): number | null {
  for (const h of s.holds) if (h.from <= t && (h.to === null || t < h.to)) return h.userId;
  return null;
}

export function lastResolver(s: StageCredit): number | null {
  return s.resolutions.at(-1)?.by ?? null;
}

/** Everyone who took part: held, first answered or resolved the complaint. */
export function participants(s: StageCredit): Set<number> {
  const out = new Set<number>();
  for (const h of s.holds) out.add(h.userId);
  if (s.firstResponder !== null) out.add(s.firstResponder);
  for (const r of s.resolutions) if (r.by !== null) out.add(r.by);
  return out;
}

/** Working time each officer held the complaint open within [from, until), in working days. */
export function timeInHand(s: StageCredit, from: number, until: number, between: (a: number, b: number) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of s.holds) {
    const a = Math.max(h.from, from);
    const b = Math.min(h.to ?? until, until);
    if (b <= a) continue;
    out.set(h.userId, (out.get(h.userId) ?? 0) + between(a, b));
  }
  return out;
}
