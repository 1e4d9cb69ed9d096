// Trainings' pure rules: the state machine, JP credited only on completion, who may see and manage a
// training, the training days, the form schema, and the Moodle upload-users CSV.
import { describe, expect, it } from 'vitest';
import {
  jpCredit,
  mayChangeEnrolment,
  mayManageTraining,
  mayMove,
  mayRecordResults,
  mayViewTraining,
  nextStates,
  trainingDays,
  trainingScope,
} from '../../src/server/development/trainings.policy.ts';
import { courseShortName, moodleCsv, realisedJson, splitName } from '../../src/server/development/trainings-export.ts';
import { enrolInput, trainingInput } from '../../src/server/development/trainings.schema.ts';
import type { SessionUser } from '../../src/server/auth/session.ts';
import { TRAINING_STATES } from '../../src/server/development/training.tables.ts';

const user = (role: SessionUser['role'], departmentId: number | null = null): SessionUser => ({
  id: 1,
  email: 'x@example.test',
  name: 'Uji',
  role,
  departmentId,
  nip: null,
  affiliation: null,
  affiliationVerified: false,
  locale: 'id',
});

describe('training state machine', () => {
  it('goes planned → running → completed → evaluated, cancels only before completion', () => {
    expect(nextStates('planned')).toEqual(['running', 'cancelled']);
    expect(nextStates('running')).toEqual(['completed', 'cancelled']);
    expect(nextStates('completed')).toEqual(['evaluated']);
    expect(nextStates('evaluated')).toEqual([]);
    expect(nextStates('cancelled')).toEqual([]);
    expect(mayMove('planned', 'completed')).toBe(false);
    expect(mayMove('completed', 'cancelled')).toBe(false);
    expect(mayMove('evaluated', 'running')).toBe(false);
    expect(mayMove('cancelled', 'planned')).toBe(false);
    // Enrolment while planned or running; results while running or completed.
    expect(TRAINING_STATES.filter(mayChangeEnrolment)).toEqual(['planned', 'running']);
    expect(TRAINING_STATES.filter(mayRecordResults)).toEqual(['running', 'completed']);
  });

  it('credits JP only on completion, never for enrolment, withdrawal or a cancelled training', () => {
    expect(jpCredit('completed', 16, 'completed')).toBe(16);
    expect(jpCredit('completed', 16, 'running')).toBe(16);
    expect(jpCredit('enrolled', 16, 'completed')).toBe(0);
    expect(jpCredit('withdrawn', 16, 'completed')).toBe(0);
    expect(jpCredit('completed', 16, 'cancelled')).toBe(0);
  });

  it('lists the days of a training inclusive', () => {
    expect(trainingDays('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(trainingDays('2026-05-01', '2026-05-01')).toEqual(['2026-05-01']);
  });
});

describe('training policy', () => {
  it('HR manages all, a manager their own department, admin reads, officers nothing', () => {
    const own = { department_id: 7 };
    const other = { department_id: 8 };
    const cross = { department_id: null };
    expect([own, other, cross].map((t) => mayManageTraining(user('hr'), t))).toEqual([true, true, true]);
    expect([own, other, cross].map((t) => mayManageTraining(user('manager', 7), t))).toEqual([true, false, false]);
    expect([own, other, cross].map((t) => mayViewTraining(user('manager', 7), t))).toEqual([true, false, false]);
    expect([own, other, cross].map((t) => mayViewTraining(user('admin'), t))).toEqual([true, true, true]);
    expect([own, other, cross].map((t) => mayManageTraining(user('admin'), t))).toEqual([false, false, false]);
    for (const role of ['officer', 'resident', 'verifier'] as const) {
      expect(trainingScope(user(role, 7))).toBeNull();
      expect(mayViewTraining(user(role, 7), own)).toBe(false);
      expect(mayManageTraining(user(role, 7), own)).toBe(false);
    }
    expect(trainingScope(user('admin'))?.mayCreate).toBe(false);
    expect(trainingScope(user('manager', null))).toBeNull();
  });
});

describe('training forms', () => {
  const base = {
    title: 'Pelatihan pelayanan prima',
    kind: 'teknis',
    jalur: 'klasikal',
    bentuk: 'pelatihan',
    provider: 'BPSDM',
    starts_on: '2026-03-02',
    ends_on: '2026-03-03',
    jp: '16',
  };
  it('accepts a training and refuses a bentuk of the other jalur, dates out of order, zero JP', () => {
    expect(trainingInput.parse(base)).toMatchObject({ jp: 16, capacity: null, plan_item: null, department: null });
    const errs = (over: Record<string, string>) => trainingInput.safeParse({ ...base, ...over }).error?.issues.map((i) => i.message);
    expect(errs({ bentuk: 'e_learning' })).toEqual(['bentuk']);
    expect(errs({ ends_on: '2026-03-01' })).toEqual(['endsBeforeStart']);
    expect(errs({ jp: '0' })).toEqual(['jp']);
    expect(errs({ starts_on: '2026-02-30' })).toContain('startsOn');
    expect(errs({ capacity: '0' })).toEqual(['capacity']);
  });
  it('needs an 18-digit NIP, and a name for an external PNS', () => {
    expect(enrolInput.parse({ nip: '198501012010011001' })).toMatchObject({ source: 'portal' });
    expect(enrolInput.safeParse({ nip: '19850101' }).success).toBe(false);
    expect(enrolInput.safeParse({ source: 'external', nip: '198501012010011001' }).error?.issues[0]?.message).toBe('name');
  });
});

describe('Moodle upload-users CSV', () => {
  it('has exactly the Moodle header, NIP as username, split names, no email for an external PNS, formula-safe', () => {
    const training = { id: 12, year: 2026, title: 'Pelatihan Pelayanan Prima (Dasar)' } as never;
    const p = (over: object) =>
      ({
        id: 1,
        training_id: 12,
        user_id: 5,
        nip: '198501012010011001',
        name: 'Siti Aminah Lestari',
        email: 'siti@example.test',
        department_id: 1,
        status: 'enrolled',
        completed_at: null,
        jp_credited: 0,
        certificate_no: '',
        version: 0,
        ...over,
      }) as never;
    const csv = moodleCsv(training, [
      p({}),
      p({ user_id: null, nip: '199001012015021002', name: 'Budi', email: 'leak@example.test' }),
      p({ nip: '199001012015021003', name: '=cmd Evil' }),
    ]);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('username,firstname,lastname,email,course1');
    expect(lines[1]).toBe('198501012010011001,Siti Aminah,Lestari,siti@example.test,pelatihan-pelayanan-prima-dasar-2026-12');
    expect(lines[2]).toBe('199001012015021002,Budi,Budi,,pelatihan-pelayanan-prima-dasar-2026-12');
    expect(lines[3]!.split(',')[1]).toBe("'=cmd");
    expect(splitName('  Ani  ')).toEqual({ firstname: 'Ani', lastname: 'Ani' });
    expect(courseShortName({ id: 3, year: 2027, title: '!!!' })).toBe('pelatihan-2027-3');
  });

  it('realised JP JSON is keyed by NIP and sums its JP', () => {
    const row = (nip: string, jp: number) => ({
      nip,
      name: 'A',
      participant_department_id: 1,
      training_id: 1,
      title: 'T',
      bentuk: 'pelatihan',
      jalur: 'klasikal' as const,
      jp,
      starts_on: '2026-01-01',
      ends_on: '2026-01-02',
      provider: 'P',
      certificate_no: 'C',
    });
    const j = realisedJson(
      { year: 2026, department: null, rows: [row('1', 8), row('1', 6), row('2', 4)] },
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(Object.keys(j.officers)).toEqual(['1', '2']);
    expect(j.officers['1']!.jp).toBe(14);
    expect(j.officers['1']!.trainings).toHaveLength(2);
  });
});
