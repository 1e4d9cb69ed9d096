// Volume and time limits per channel (DESIGN.md §10): how many complaints came through each channel in a
// period, and the response and resolution SLA of each, by the definitions of responsiveness.ts
// (responseOutcome, resolutionOutcome) written as three grouped, indexed range queries: the month rollups
// have no channel column, and these three figures need no working-time calendar. The fact view gives the
// same numbers (test/integration/channel-reports.test.ts compares them).
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { CHANNELS, type Channel } from '../complaints/complaint-states.ts';
import { applyFilters, type ReportFilters } from './metrics.repository.ts';
import type { SlaSummary } from './responsiveness.ts';
import { share } from './stats.ts';

export interface ChannelMetrics {
  channel: Channel;
  volume: number;
  responseSla: SlaSummary;
  resolutionSla: SlaSummary;
}

const n = (v: unknown) => Number(v ?? 0);

function slaOf(r: { on_time?: unknown; late?: unknown; past_due?: unknown } | undefined): SlaSummary {
  const onTime = n(r?.on_time);
  const late = n(r?.late);
  const pastDueOpen = n(r?.past_due);
  return { ...share(onTime, onTime + late + pastDueOpen), onTime, late, pastDueOpen };
}

/** Per channel with any complaint counted in [from, to) as seen at `now`, in the order of CHANNELS. */
export async function channelMetrics(
  db: Db,
  range: { from: number; to: number; now: number },
  filters: ReportFilters = {},
): Promise<ChannelMetrics[]> {
  const { from, to, now } = range;
  const volume = await applyFilters(
    db
      .selectFrom('complaints as c')
      .select(['c.channel', (eb) => eb.fn.countAll().as('n')])
      .where('c.submitted_at', '>=', from)
      .where('c.submitted_at', '<', to),
    filters,
  )
    .groupBy('c.channel')
    .execute();
  // responseOutcome: answered by the due time, answered late, or unanswered with the due time passed.
  const response = await applyFilters(
    db
      .selectFrom('complaints as c')
      .select([
        'c.channel',
        sql<number>`sum(case when c.first_response_at is not null and c.first_response_at <= c.response_due_at then 1 else 0 end)`.as(
          'on_time',
        ),
        sql<number>`sum(case when c.first_response_at is not null and c.first_response_at > c.response_due_at then 1 else 0 end)`.as(
          'late',
        ),
        sql<number>`sum(case when c.first_response_at is null and c.response_due_at < ${now} then 1 else 0 end)`.as('past_due'),
      ])
      .where('c.response_due_at', '>=', from)
      .where('c.response_due_at', '<', to),
    filters,
  )
    .groupBy('c.channel')
    .execute();
  // resolutionOutcome: resolved now (resolved or closed) by the due time or late; otherwise a miss once due.
  const resolved = sql`c.state in ('resolved', 'closed') and c.resolved_at is not null`;
  const resolution = await applyFilters(
    db
      .selectFrom('complaints as c')
      .select([
        'c.channel',
        sql<number>`sum(case when ${resolved} and c.resolved_at <= c.resolution_due_at then 1 else 0 end)`.as('on_time'),
        sql<number>`sum(case when ${resolved} and c.resolved_at > c.resolution_due_at then 1 else 0 end)`.as('late'),
        sql<number>`sum(case when not (${resolved}) and c.resolution_due_at < ${now} then 1 else 0 end)`.as('past_due'),
      ])
      .where('c.resolution_due_at', '>=', from)
      .where('c.resolution_due_at', '<', to),
    filters,
  )
    .groupBy('c.channel')
    .execute();
  const byChannel = <T extends { channel: string }>(rows: T[]) => new Map(rows.map((r) => [r.channel, r]));
  const v = byChannel(volume);
  const rs = byChannel(response);
  const rl = byChannel(resolution);
  return CHANNELS.filter((ch) => v.has(ch) || rs.has(ch) || rl.has(ch)).map((ch) => ({
    channel: ch,
    volume: n(v.get(ch)?.n),
    responseSla: slaOf(rs.get(ch)),
    resolutionSla: slaOf(rl.get(ch)),
  }));
}
