// Input schemas of the account forms. Messages are i18n keys (auth.errors.*), translated by the page.
import { z } from 'zod';
import { AFFILIATIONS, ROLES } from './auth.tables.ts';
import { passwordProblem } from './password-policy.ts';

const trimmed = (max: number) => z.string().trim().max(max, 'auth.errors.tooLong');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'auth.errors.tooLong')
    .optional()
    .transform((v) => (v ? v : null));

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'auth.errors.emailRequired')
  .max(254, 'auth.errors.emailInvalid')
  .pipe(z.email('auth.errors.emailInvalid'));

export const newPasswordField = z.string().superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `auth.errors.password_${problem}` });
});

const nameField = trimmed(120).min(2, 'auth.errors.nameRequired');
const phoneField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(/[\s-]/g, '') : null))
  .refine((v) => v === null || /^\+?[0-9]{8,15}$/.test(v), 'auth.errors.phoneInvalid');
const affiliationField = z
  .union([z.enum(AFFILIATIONS), z.literal('')])
  .optional()
  .transform((v) => (v ? v : null));

/** Affiliation and organisation go together: an organisation without an affiliation is meaningless. */
function affiliationWithOrganisation<T extends { affiliation: string | null; organisation: string | null }>(v: T, ctx: z.RefinementCtx) {
  if (v.affiliation && v.affiliation !== 'masyarakat' && !v.organisation) {
    ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'auth.errors.organisationRequired' });
  }
}

export const registerSchema = z
  .object({
    name: nameField,
    email: emailField,
    password: newPasswordField,
    phone: phoneField,
    affiliation: affiliationField,
    organisation: optionalText(160),
  })
  .superRefine(affiliationWithOrganisation);

export const loginSchema = z.object({
  email: emailField,
  password: z.string().min(1, 'auth.errors.passwordRequired').max(1024, 'auth.errors.passwordRequired'),
});

export const forgotSchema = z.object({ email: emailField });

export const resetSchema = z.object({
  token: z
    .string()
    .min(20)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/),
  password: newPasswordField,
});

export const profileSchema = z
  .object({
    name: nameField,
    phone: phoneField,
    affiliation: affiliationField,
    organisation: optionalText(160),
    locale: z.enum(['id', 'en']),
  })
  .superRefine(affiliationWithOrganisation);

export const STAFF_ROLES = ROLES.filter((r) => r !== 'resident');
export const nipField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(/\s/g, '') : null))
  .refine((v) => v === null || /^[0-9]{18}$/.test(v), 'auth.errors.nipInvalid');

const staffFields = {
  name: nameField,
  role: z.enum(ROLES, 'auth.errors.roleInvalid'),
  departmentCode: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null)),
  nip: nipField,
  jabatan: optionalText(160),
  phone: phoneField,
};

function departmentByRole<T extends { role: string; departmentCode: string | null }>(v: T, ctx: z.RefinementCtx) {
  const needs = v.role === 'officer' || v.role === 'manager';
  if (needs && !v.departmentCode) ctx.addIssue({ code: 'custom', path: ['departmentCode'], message: 'auth.errors.departmentRequired' });
}

export const createStaffSchema = z
  .object({
    ...staffFields,
    role: z.enum(STAFF_ROLES as [string, ...string[]], 'auth.errors.roleInvalid'),
    email: emailField,
    password: newPasswordField,
  })
  .superRefine(departmentByRole);

export const editUserSchema = z.object(staffFields).superRefine(departmentByRole);
