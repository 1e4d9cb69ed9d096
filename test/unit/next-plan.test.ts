// What last year's cycle adds to the next draft, pure: which effect figures count as improved (the
// interval wholly on the better side; reopening is better lower), when a training showed no effect, and
// the notes a drafted item carries.
import { describe, expect, it } from 'vitest';
import {
  belowJpBasis,
  improvedFigures,
  itemEvidenceNotes,
  showedNoEffect,
  type NextPlanEvidence,
} from '../../src/server/development/next-plan.ts';
import type { DidFigure } from '../../src/server/development/effect.ts';

const n = { participantsBefore: 10, participantsAfter: 10, colleaguesBefore: 10, colleaguesAfter: 10 };
const fig = (estimate: number, low: number, high: number): DidFigure => ({ estimate, low, high, n, sufficient: true });
const none: DidFigure = { estimate: null, low: null, high: null, n, sufficient: false };

describe('improvedFigures / showedNoEffect', () => {
  it('counts a figure as improved only when its whole interval is on the better side', () => {
    const e = {
      responseSla: fig(0.2, 0.05, 0.35),
      resolutionSla: fig(0.1, -0.05, 0.25),
      reopen: fig(-0.1, -0.2, -0.01),
      csat: fig(-0.5, -0.9, -0.1),
    };
    expect(improvedFigures(e)).toEqual(['responseSla', 'reopen']);
    expect(showedNoEffect(e)).toBe(false);
  });

  it('no effect: some figure had data and none improved; no data is not "no effect"', () => {
    expect(showedNoEffect({ responseSla: fig(0.05, -0.1, 0.2), resolutionSla: none, reopen: fig(0.05, -0.02, 0.12), csat: none })).toBe(
      true,
    );
    expect(showedNoEffect({ responseSla: none, resolutionSla: none, reopen: none, csat: none })).toBe(false);
  });
});

describe('itemEvidenceNotes', () => {
  const evidence: NextPlanEvidence = {
    basisYear: 2025,
    belowJp: [
      {
        userId: 1,
        nip: '199001012015012006',
        name: 'Petugas',
        departmentId: 1,
        planned: 20,
        planStatus: 'final',
        realised: 0,
        missing: 20,
      },
    ],
    flagged: [
      {
        id: 1,
        title: 'Bimtek A',
        provider: 'Penyedia X',
        jalur: 'klasikal',
        bentuk: 'bimbingan_teknis',
        competencyId: 7,
        evaluation: 2.44,
        poorEvaluation: true,
        noEffect: true,
      },
      {
        id: 2,
        title: 'Seminar B',
        provider: 'Penyedia Y',
        jalur: 'nonklasikal',
        bentuk: 'seminar',
        competencyId: 8,
        evaluation: null,
        poorEvaluation: false,
        noEffect: true,
      },
    ],
    improved: [{ competencyId: 8, name: 'Komunikasi', figures: ['responseSla', 'csat'] }],
  };

  it('names the proposals, the flagged trainings of the competency and its improvement', () => {
    expect(itemEvidenceNotes(7, evidence, 3)).toBe(
      'Diusulkan oleh 3 ASN. Pelatihan 2025 "Bimtek A" (Penyedia X, klasikal) dinilai rendah oleh peserta (2,4 dari 5) dan tanpa perbaikan layanan peserta yang terukur: pertimbangkan penyedia atau jalur lain.',
    );
    expect(itemEvidenceNotes(8, evidence, 0)).toBe(
      'Pelatihan 2025 "Seminar B" (Penyedia Y, nonklasikal) tanpa perbaikan layanan peserta yang terukur: pertimbangkan penyedia atau jalur lain. ' +
        'Peserta pelatihan kompetensi ini pada 2025 membaik: tanggapan tepat waktu, kepuasan pelapor (asosiasi, bukan bukti sebab).',
    );
    expect(itemEvidenceNotes(9, evidence, 0)).toBe('');
  });

  it('fits the item notes (500 characters)', () => {
    const many = {
      ...evidence,
      flagged: Array.from({ length: 10 }, (_, i) => ({ ...evidence.flagged[0]!, id: i, title: `Pelatihan panjang nomor ${i}` })),
    };
    expect(itemEvidenceNotes(7, many, 1).length).toBe(500);
  });

  it('puts the PNS below 20 JP in the basis', () => {
    expect(belowJpBasis(evidence)).toBe('; 1 PNS belum mencapai 20 JP pada 2025 didahulukan');
    expect(belowJpBasis({ ...evidence, belowJp: [] })).toBe('');
  });
});
