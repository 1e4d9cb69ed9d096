// The resolve and dispute events of complaints: the history the fact view (responsiveness.ts) reads
// a disputed complaint's reopen outcome and past open spells from. The report summary and the stored
// durations read it through this one query.
import type { Db } from '../db/index.ts';
import { HISTORY_IDS_PER_QUERY } from '../limits.ts';

/** A complaint's resolve and dispute events in time order, a resolve first at the same instant. */
export type DisputeHistory = { action: 'resolve' | 'dispute'; at: number }[];

// complaint_events_history_idx (complaint_id, action, at) holds all three columns, so these few
// events are read from the index alone.
const eventsOf = (db: Db, ids: readonly number[]) =>
  db
    .selectFrom('complaint_events')
    .select(['complaint_id', 'action', 'at'])
    .where('complaint_id', 'in', ids as number[])
    .where('action', 'in', ['resolve', 'dispute']);

type EventsQuery = ReturnType<typeof eventsOf>;
type EventRow = { complaint_id: unknown; action: string; at: unknown };

/**
 * The resolve/dispute history of some complaints (those without such events are absent). `read` runs
 * each query: Kysely's execute by default (inside a transaction), or the report reader (readRows).
 */
export async function disputeHistories(
  db: Db,
  ids: readonly number[],
  read: (q: EventsQuery) => Promise<EventRow[]> = (q) => q.execute(),
): Promise<Map<number, DisputeHistory>> {
  const out = new Map<number, DisputeHistory>();
  for (let i = 0; i < ids.length; i += HISTORY_IDS_PER_QUERY) {
    for (const e of await read(eventsOf(db, ids.slice(i, i + HISTORY_IDS_PER_QUERY)))) {
      const id = Number(e.complaint_id);
      let h = out.get(id);
      if (!h) out.set(id, (h = []));
      h.push({ action: e.action as 'resolve' | 'dispute', at: Number(e.at) });
    }
  }
  for (const h of out.values()) h.sort((a, b) => a.at - b.at || (a.action === 'resolve' ? -1 : 1));
  return out;
}
