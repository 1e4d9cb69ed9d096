// Consultation responsiveness (DESIGN.md §4, last item), pure like responsiveness.ts:
// - of the contributions made in the period (top-level, not hidden), the share with an official
//   response, and the working time from the contribution to its first official response (median,
//   P90; responses given so far count, whenever they came);
// - commitments delivered / made: of the commitments published in the period (consultations
//   concluded in it), those with status "selesai" (cancelled ones stay in the denominator).
import { share, summarizeDurations, type DurationSummary, type Share } from './stats.ts';
import type { WorkingClock } from './working-time.ts';

export interface ContributionFact {
  id: number;
  departmentId: number;
  createdAt: number;
  /** First official response, if any. */
  firstResponseAt: number | null;
}

export interface CommitmentFact {
  id: number;
  departmentId: number;
  createdAt: number;
  status: 'direncanakan' | 'berjalan' | 'selesai' | 'dibatalkan';
}

export interface ConsultationMetrics {
  responded: Share;
  timeToResponse: DurationSummary;
  delivered: Share;
}

export function computeConsultationMetrics(
  contributions: readonly ContributionFact[],
  commitments: readonly CommitmentFact[],
  c: { from: number; to: number; clock: WorkingClock },
): ConsultationMetrics {
  const inP = (t: number) => t >= c.from && t < c.to;
  const made = contributions.filter((x) => inP(x.createdAt));
  const answered = made.filter((x) => x.firstResponseAt !== null);
  const published = commitments.filter((x) => inP(x.createdAt));
  return {
    responded: share(answered.length, made.length),
    timeToResponse: summarizeDurations(answered.map((x) => c.clock.between(x.createdAt, x.firstResponseAt!))),
    delivered: share(published.filter((x) => x.status === 'selesai').length, published.length),
  };
}

export function groupConsultationMetrics(
  contributions: readonly ContributionFact[],
  commitments: readonly CommitmentFact[],
  c: { from: number; to: number; clock: WorkingClock },
): Map<number, ConsultationMetrics> {
  const depts = new Set([...contributions.map((x) => x.departmentId), ...commitments.map((x) => x.departmentId)]);
  return new Map(
    [...depts].map((d) => [
      d,
      computeConsultationMetrics(
        contributions.filter((x) => x.departmentId === d),
        commitments.filter((x) => x.departmentId === d),
        c,
      ),
    ]),
  );
}
