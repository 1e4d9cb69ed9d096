// The SKM (DESIGN.md §9) as evidence in the development priorities (§6), pure: which unsur point at
// which competencies of the catalogue, when an unsur is weak, and how much a weak one adds.
//
// Mapping (a design choice of this portal, not a rule of PermenPANRB 14/2017; only codes that exist in
// the competency catalogue — db/migrations/2026_11_22_1700_consultations.ts and
// 2026_12_01_1100_development.ts — are used):
//   U6 Kompetensi pelaksana ("kompetensi/kemampuan petugas dalam pelayanan") → pelayanan_publik;
//   U7 Perilaku pelaksana ("kesopanan dan keramahan" of the staff)            → komunikasi.
// The other seven unsur are about requirements, procedure, time, cost, product, complaint handling and
// facilities — the unit's arrangements rather than the staff's competence — and map to nothing.
//
// Weak: the unsur's NRR converted to the 25–100 scale (NRR × 25, as skm-index.ts computes it) lies below
// the lower bound of the B interval (76,61, MUTU_INTERVALS in skm-reference.ts), i.e. its mutu is C or D.
// Its shortfall is how far it lies below that bound, as a share of the distance to the floor 25,00:
//   shortfall(u) = (76,61 − NIK(u)) / (76,61 − 25,00), in (0, 1];
//   each of the t competencies mapped to u receives shortfall(u)/t, and the SKM part of the gap score is
//   Q(c) = 100 · w_skm · Σ_u shortfall(u)/t — on the same 0–100·w scale as the consultation part.
// Only an SKM that reaches its minimum sample (Krejcie–Morgan, skm-index.ts) is weighed.
import { CONVERSION_FACTOR } from '../surveys/skm-index.ts';
import { MUTU_INTERVALS, type Mutu, type UnsurCode } from '../surveys/skm-reference.ts';

export const SKM_UNSUR_COMPETENCIES: Readonly<Partial<Record<UnsurCode, readonly string[]>>> = Object.freeze({
  U6: ['pelayanan_publik'],
  U7: ['komunikasi'],
});

/** Lower bound of the B interval (nilai interval konversi): below it an unsur is weak. */
export const WEAK_BELOW = MUTU_INTERVALS.find((i) => i.mutu === 'B')!.from;
/** The lowest converted value (NRR 1 × 25). */
export const SKM_FLOOR = CONVERSION_FACTOR;

export function isWeakUnsur(converted: number): boolean {
  return converted < WEAK_BELOW;
}

/** (76,61 − NIK) / (76,61 − 25): 0 for an unsur at or above B, 1 for an unsur at the floor. */
export function skmShortfall(converted: number): number {
  if (!isWeakUnsur(converted)) return 0;
  return Math.min(1, (WEAK_BELOW - converted) / (WEAK_BELOW - SKM_FLOOR));
}

/** One weak unsur of a counted SKM, with the catalogue ids of its competencies. */
export interface SkmUnsurEvidence {
  code: UnsurCode;
  /** NRR × 25, two decimals. */
  converted: number;
  competencyIds: readonly number[];
}

/** The weak mapped unsur of an SKM's unsur results (codes not in the catalogue are left out). */
export function weakMappedUnsur(
  unsur: readonly { code: UnsurCode; converted: number | null; mutu: Mutu | null }[],
  idByCode: ReadonlyMap<string, number>,
): SkmUnsurEvidence[] {
  const out: SkmUnsurEvidence[] = [];
  for (const u of unsur) {
    const codes = SKM_UNSUR_COMPETENCIES[u.code];
    if (!codes || u.converted === null || !isWeakUnsur(u.converted)) continue;
    const competencyIds = codes.flatMap((c) => (idByCode.has(c) ? [idByCode.get(c)!] : []));
    if (competencyIds.length) out.push({ code: u.code, converted: u.converted, competencyIds });
  }
  return out;
}
