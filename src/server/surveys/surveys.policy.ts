// Who may build surveys and read their results (deny by default, per record):
// - department manager: the surveys of their own department (build, publish, results, follow-up plan);
// - HR manager (BKPSDM) and admin: every department's surveys, and surveys of no department.
// A survey outside the viewer's scope answers the same 404 as one that does not exist.
import type { SessionUser } from '../auth/session.ts';

export interface SurveyScope {
  /** Departments the user may manage; undefined = all (and surveys of no department). */
  departmentIds?: number[];
}

export function surveyScope(user: SessionUser | null): SurveyScope | null {
  if (!user) return null;
  if (user.role === 'hr' || user.role === 'admin') return {};
  if (user.role === 'manager' && user.departmentId !== null) return { departmentIds: [user.departmentId] };
  return null;
}

export function mayManageSurvey(user: SessionUser | null, survey: { department_id: number | null }): boolean {
  const scope = surveyScope(user);
  if (!scope) return false;
  if (!scope.departmentIds) return true;
  return survey.department_id !== null && scope.departmentIds.includes(survey.department_id);
}

/** Creating a survey for a department (null: a survey of no department, HR and admin only). */
export function mayCreateSurveyFor(user: SessionUser | null, departmentId: number | null): boolean {
  return mayManageSurvey(user, { department_id: departmentId });
}

/** The rencana tindak lanjut of an SKM: the department's manager, or an admin. */
export function mayPublishFollowUp(user: SessionUser | null, survey: { department_id: number | null; kind: string }): boolean {
  if (survey.kind !== 'skm' || !user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'manager' && user.departmentId !== null && user.departmentId === survey.department_id;
}
