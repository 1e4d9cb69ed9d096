// The SKM index exactly as PermenPANRB 14/2017's Lampiran ("Pengolahan Data") defines it: the mean
// nilai persepsi per unsur (NRR), the index as the weighted sum with weight 1/9 per unsur, its
// conversion ×25 to the 25–100 scale (nilai interval konversi), the mutu pelayanan A–D, the lowest
// unsur as priorities, and the minimum sample (the Lampiran refers to the Krejcie–Morgan table).
// Pure: no database, no clock.
import { MUTU_INTERVALS, SKM_UNSUR, type Mutu, type UnsurCode } from './skm-reference.ts';

/**
 * Weight per unsur: "bobot nilai rata-rata tertimbang = jumlah bobot / jumlah unsur = 1/9" (Lampiran,
 * Pengolahan Data). The Lampiran prints it rounded as 0,111; the exact 1/9 is used so that nine
 * unsur at 4 give 100,00 (as published SKM reports show), not 99,90.
 */
export const UNSUR_WEIGHT = 1 / SKM_UNSUR.length;
/** "IKM Unit pelayanan × 25" (Lampiran, Pengolahan Data): the 1–4 index to the 25–100 scale. */
export const CONVERSION_FACTOR = 25;

export interface UnsurResult {
  code: UnsurCode;
  /** Answers counted for this unsur. */
  n: number;
  /** Nilai rata-rata (NRR) on 1–4; null without answers. */
  nrr: number | null;
  /** NRR × 25, rounded to two decimals. */
  converted: number | null;
  mutu: Mutu | null;
}

export interface SkmIndex {
  /** Respondents (complete responses). */
  n: number;
  unsur: UnsurResult[];
  /** Σ NRR × 1/9, on 1–4; null unless every unsur has answers. */
  index: number | null;
  /** index × 25, two decimals (nilai interval konversi). */
  converted: number | null;
  mutu: Mutu | null;
  /** The unsur with the lowest NRR (the three lowest, ties kept), lowest first. */
  priorities: UnsurCode[];
}

const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;

/** The mutu pelayanan of a converted value (25–100, two decimals) per the Lampiran's intervals. */
export function mutuOf(converted: number): Mutu {
  const v = round2(converted);
  for (const i of MUTU_INTERVALS) if (v >= i.from) return i.mutu;
  return 'D';
}

/**
 * One response = the nilai persepsi (1–4) a respondent gave each unsur. A response missing an unsur
 * counts towards the unsur it does answer (the Lampiran divides by the answers "yang terisi").
 */
export function computeSkmIndex(responses: readonly Partial<Record<UnsurCode, number>>[]): SkmIndex {
  const unsur: UnsurResult[] = SKM_UNSUR.map(({ code }) => {
    let sum = 0;
    let n = 0;
    for (const r of responses) {
      const v = r[code];
      if (v === undefined) continue;
      if (!Number.isInteger(v) || v < 1 || v > 4) throw new RangeError(`nilai persepsi out of 1..4: ${v}`);
      sum += v;
      n += 1;
    }
    const nrr = n === 0 ? null : sum / n;
    const converted = nrr === null ? null : round2(nrr * CONVERSION_FACTOR);
    return { code, n, nrr, converted, mutu: converted === null ? null : mutuOf(converted) };
  });
  const complete = unsur.every((u) => u.nrr !== null);
  const index = complete ? unsur.reduce((s, u) => s + (u.nrr as number) * UNSUR_WEIGHT, 0) : null;
  const converted = index === null ? null : round2(index * CONVERSION_FACTOR);
  return {
    n: responses.length,
    unsur,
    index,
    converted,
    mutu: converted === null ? null : mutuOf(converted),
    priorities: lowestUnsur(unsur, 3),
  };
}

function lowestUnsur(unsur: UnsurResult[], count: number): UnsurCode[] {
  const rated = unsur.filter((u) => u.nrr !== null).sort((a, b) => (a.nrr as number) - (b.nrr as number));
  if (rated.length <= count) return rated.map((u) => u.code);
  const cut = rated[count - 1]!.nrr as number;
  return rated.filter((u) => (u.nrr as number) <= cut).map((u) => u.code);
}

/**
 * Krejcie & Morgan (1970), "Determining Sample Size for Research Activities", Educational and
 * Psychological Measurement 30: the table is built from s = X²NP(1−P) / (d²(N−1) + X²P(1−P)) with
 * X² = 3,841 (one degree of freedom, 95 %), P = 0,5, d = 0,05, rounded to the nearest whole number
 * (unit test checks rows of the published table: 10→10, 15→14, 100→80, 220→140, 500→217, 1200→291,
 * 2800→338 …, as reproduced at sindopos.com/2022/08/cara-menghitung-sampel-dengan-rumus.html and
 * kenpro.org/?p=2289). The formula gives the row's value for any population, also between rows.
 */
export function minimumSample(population: number): number {
  if (!Number.isInteger(population) || population < 1) throw new RangeError('population must be a positive integer');
  const X2 = 3.841;
  const P = 0.5;
  const d = 0.05;
  return Math.min(population, Math.round((X2 * population * P * (1 - P)) / (d * d * (population - 1) + X2 * P * (1 - P))));
}

/** Whether n responses represent a population per the table; null when the population is unknown. */
export function isRepresentative(n: number, population: number | null): boolean | null {
  return population === null ? null : n >= minimumSample(population);
}
