// Who may see and run trainings (kegiatan pengembangan kompetensi), deny by default:
// - HR (BKPSDM): every training, creates and manages any (department_id null = for several departments);
// - department manager: creates, manages and sees the trainings of their own department only;
// - admin: reads every training (and exports), changes nothing;
// - officers and everyone else: nothing here (their own ledger is /me/training).
// A training outside the viewer's scope answers the same 404 as one that does not exist.
// The state machine and the JP crediting rule live here too, as pure functions.
import type { SessionUser } from '../auth/session.ts';
import type { ParticipantStatus, TrainingState } from './training.tables.ts';

export interface TrainingScope {
  /** Departments whose trainings the user sees; undefined = all (including cross-department ones). */
  departmentIds?: number[];
  mayCreate: boolean;
}

export function trainingScope(user: SessionUser | null): TrainingScope | null {
  if (!user) return null;
  if (user.role === 'hr') return { mayCreate: true };
  if (user.role === 'admin') return { mayCreate: false };
  if (user.role === 'manager' && user.departmentId !== null) return { departmentIds: [user.departmentId], mayCreate: true };
  return null;
}

export function mayViewTraining(user: SessionUser | null, t: { department_id: number | null }): boolean {
  const scope = trainingScope(user);
  if (!scope) return false;
  if (!scope.departmentIds) return true;
  return t.department_id !== null && scope.departmentIds.includes(t.department_id);
}

/** Create a training for a department (null = several departments: HR only), or manage an existing one. */
export function mayManageTraining(user: SessionUser | null, t: { department_id: number | null }): boolean {
  if (!user) return false;
  if (user.role === 'hr') return true;
  return user.role === 'manager' && user.departmentId !== null && t.department_id === user.departmentId;
}

/** planned → running → completed → evaluated; planned or running → cancelled (with a reason). */
const NEXT: Record<TrainingState, readonly TrainingState[]> = {
  planned: ['running', 'cancelled'],
  running: ['completed', 'cancelled'],
  completed: ['evaluated'],
  evaluated: [],
  cancelled: [],
};

export function nextStates(state: TrainingState): readonly TrainingState[] {
  return NEXT[state];
}

export function mayMove(from: TrainingState, to: TrainingState): boolean {
  return NEXT[from].includes(to);
}

/** Participants are enrolled or withdrawn before the training is over. */
export function mayChangeEnrolment(state: TrainingState): boolean {
  return state === 'planned' || state === 'running';
}

/** Attendance and completion are recorded while it runs and after it ended (until it is evaluated). */
export function mayRecordResults(state: TrainingState): boolean {
  return state === 'running' || state === 'completed';
}

/**
 * The JP a participant is credited for a training: the training's JP once they completed it, nothing
 * while enrolled or after withdrawing (attendance alone credits nothing).
 */
export function jpCredit(status: ParticipantStatus, trainingJp: number, trainingState: TrainingState): number {
  if (trainingState === 'cancelled') return 0;
  return status === 'completed' ? trainingJp : 0;
}

/** The days of a training, starts_on to ends_on inclusive (YYYY-MM-DD). */
export function trainingDays(startsOn: string, endsOn: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${endsOn}T00:00:00Z`);
  for (let d = Date.parse(`${startsOn}T00:00:00Z`); d <= end && out.length < 400; d += 86_400_000)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}
