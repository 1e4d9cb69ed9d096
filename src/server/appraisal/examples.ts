// A few anonymised example cases per behaviour of "Berorientasi Pelayanan": what the resident asked,
// what the officer answered, how it was rated. Never a tracking code, never a contact field, never a
// confidential complaint; the reporter's name, email and phone typed in the texts are replaced, and so
// is anything that looks like an email address, a phone number or a NIK.
import { identifiersOf, scrubText, PLACEHOLDER } from '../dataprotection/scrub.ts';
import type { ComplaintFact, MetricContext } from '../metrics/responsiveness.ts';
import { inResolutionCohort } from '../metrics/responsiveness.ts';
import { isUnverifiedClosure } from './integrity.ts';

export const BEHAVIOURS = ['needs', 'reliable', 'improvement'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export interface ExampleCase {
  source: 'complaint' | 'consultation';
  category: { id: string; en: string } | null;
  asked: string;
  answered: string | null;
  rating: number | null;
  reopened?: boolean;
}

export type BehaviourExamples = Record<Behaviour, ExampleCase[]>;

const EXCERPT = 280;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const PHONE = /(?<![\p{N}])(?:\+?62|0)[\s-]?8[\d\s-]{7,13}\d(?![\p{N}])/gu;
const LONG_NUMBER = /(?<![\p{N}])\d{12,}(?![\p{N}])/gu;

export function anonymise(text: string, identifiers: (string | null | undefined)[]): string {
  const scrubbed = scrubText(text, identifiersOf(identifiers))
    .replace(EMAIL, PLACEHOLDER)
    .replace(PHONE, PLACEHOLDER)
    .replace(LONG_NUMBER, PLACEHOLDER);
  return scrubbed.length > EXCERPT ? `${scrubbed.slice(0, EXCERPT - 1).trimEnd()}…` : scrubbed;
}

/** Candidate complaints per behaviour, best first (confidential ones are dropped once their privacy is known). */
export function exampleCandidates(mine: readonly ComplaintFact[], c: MetricContext): Record<Behaviour, number[]> {
  const shown = mine.filter((f) => !isUnverifiedClosure(f));
  // Memahami dan memenuhi kebutuhan masyarakat: rated resolutions, the best and (last) the lowest.
  const rated = shown.filter((f) => inResolutionCohort(f, c) && f.rating !== null).sort((a, b) => b.rating! - a.rating! || b.id - a.id);
  const needs = rated.length > 12 ? [...rated.slice(0, 8), ...rated.slice(-4)] : rated;
  // Ramah, cekatan, solutif, dapat diandalkan: the quickest public responses in the period, then reopened ones.
  const answered = shown
    .filter((f) => f.firstResponseAt !== null && f.assignedAt !== null && f.firstResponseAt >= c.from && f.firstResponseAt < c.to)
    .sort((a, b) => a.firstResponseAt! - a.assignedAt! - (b.firstResponseAt! - b.assignedAt!) || a.id - b.id);
  const reopened = shown.filter((f) => f.reopenedCount > 0 && (f.state === 'resolved' || f.state === 'closed'));
  return {
    needs: needs.map((f) => f.id),
    reliable: answered.slice(0, 8).map((f) => f.id),
    // Melakukan perbaikan tiada henti: complaints resolved again after a dispute (consultations added by the caller).
    improvement: reopened.slice(0, 4).map((f) => f.id),
  };
}

export interface ExampleMaterial {
  id: number;
  privacy: string;
  description: string;
  categoryId: string;
  categoryEn: string;
  rating: number | null;
  reporter: (string | null | undefined)[];
  response: string | null;
  resolution: string | null;
}

export interface ConsultationMaterial {
  body: string;
  contributionBody: string;
  hidden: boolean;
}

/** Up to three examples per behaviour from the candidates' material, anonymised. */
export function buildExamples(
  candidates: Record<Behaviour, number[]>,
  material: readonly ExampleMaterial[],
  consultations: readonly ConsultationMaterial[],
): BehaviourExamples {
  const byId = new Map(material.filter((m) => m.privacy !== 'confidential').map((m) => [m.id, m]));
  const usable = (ids: number[]) => ids.map((id) => byId.get(id)).filter((m): m is ExampleMaterial => m !== undefined);
  const toCase = (m: ExampleMaterial, answer: 'response' | 'resolution', reopened = false): ExampleCase => {
    const text = answer === 'response' ? (m.response ?? m.resolution) : (m.resolution ?? m.response);
    return {
      source: 'complaint',
      category: { id: m.categoryId, en: m.categoryEn },
      asked: anonymise(m.description, m.reporter),
      answered: text ? anonymise(text, m.reporter) : null,
      rating: m.rating,
      ...(reopened ? { reopened } : {}),
    };
  };
  const needs = usable(candidates.needs);
  const needsPicked = needs.length > 3 ? [needs[0]!, needs[1]!, needs[needs.length - 1]!] : needs;
  const consult: ExampleCase[] = consultations
    .filter((x) => !x.hidden)
    .slice(0, 2)
    .map((x) => ({
      source: 'consultation',
      category: null,
      asked: anonymise(x.contributionBody, []),
      answered: anonymise(x.body, []),
      rating: null,
    }));
  return {
    needs: needsPicked.map((m) => toCase(m, 'resolution')),
    reliable: usable(candidates.reliable)
      .slice(0, 3)
      .map((m) => toCase(m, 'response')),
    improvement: [
      ...consult,
      ...usable(candidates.improvement)
        .slice(0, 3 - consult.length)
        .map((m) => toCase(m, 'resolution', true)),
    ],
  };
}
