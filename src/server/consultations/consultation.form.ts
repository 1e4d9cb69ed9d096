// Parses the create/edit form into service fields, with errors keyed by field for the page.
import { config } from '../config.ts';
import { consultationInput, fieldErrors, parseLocalDateTime } from './consultations.schema.ts';
import type { FieldErrors } from '../http/forms.ts';
import type { ConsultationErrorKey } from './consultations.schema.ts';

export type ParsedConsultationForm =
  | {
      ok: true;
      value: {
        departmentId?: number;
        title: string;
        summary: string;
        body: string;
        questions: string[];
        targetGroups: string[];
        opensAt: Date;
        closesAt: Date;
      };
    }
  | { ok: false; errors: FieldErrors<ConsultationErrorKey> };

export function parseConsultationForm(fields: Record<string, string | string[]>): ParsedConsultationForm {
  const p = consultationInput.safeParse(fields);
  if (!p.success) return { ok: false, errors: fieldErrors(p.error) };
  const tz = config().tzRegion;
  const opensAt = parseLocalDateTime(p.data.opens_at, tz);
  const closesAt = parseLocalDateTime(p.data.closes_at, tz);
  if (!opensAt) return { ok: false, errors: { opens_at: 'dateInvalid' } };
  if (!closesAt) return { ok: false, errors: { closes_at: 'dateInvalid' } };
  return {
    ok: true,
    value: {
      departmentId: p.data.department_id,
      title: p.data.title,
      summary: p.data.summary,
      body: p.data.body,
      questions: p.data.questions,
      targetGroups: p.data.target_groups,
      opensAt,
      closesAt,
    },
  };
}
