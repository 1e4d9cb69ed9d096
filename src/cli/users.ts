// cli create-user and cli departments: staff accounts from the command line, and the department codes to use.
import { z } from 'zod';
import { emailField, newPasswordField, nipField } from '../server/auth/auth.schema.ts';
import { ROLES, type Role } from '../server/auth/auth.tables.ts';
import { createStaffUser, departmentChoices } from '../server/auth/users.service.ts';
import { getDb } from '../server/db/index.ts';
import { translator } from '../i18n/index.ts';
import type { Command } from './command.ts';

const t = translator('en');

const createUserSchema = z.object({
  email: emailField,
  password: newPasswordField,
  role: z.enum(ROLES.filter((r) => r !== 'resident') as [Role, ...Role[]], 'role must be officer, verifier, manager, hr or admin'),
  department: z.string().trim().toUpperCase().optional(),
  nip: nipField,
  name: z.string().trim().min(2).max(120).optional(),
  jabatan: z.string().trim().max(160).optional(),
});

export const createUser: Command = {
  summary:
    'create-user --email E --password P --role officer|verifier|manager|hr|admin [--department CODE] [--nip 18DIGITS] [--name N] [--jabatan J]',
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    department: { type: 'string' },
    nip: { type: 'string' },
    name: { type: 'string' },
    jabatan: { type: 'string' },
  },
  async run(values) {
    const parsed = createUserSchema.safeParse(values);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const field = String(i.path[0] ?? '');
        const message = i.message.startsWith('auth.') ? t(i.message as never) : i.message;
        console.error(`--${field}: ${message}`);
      }
      return 2;
    }
    const v = parsed.data;
    const needsDepartment = v.role === 'officer' || v.role === 'manager';
    if (needsDepartment && !v.department) {
      console.error(`--department: ${v.role} needs a department code; see \`npm run cli -- departments\``);
      return 2;
    }
    if (!needsDepartment && v.department) {
      console.error(`--department: only officers and managers belong to a department`);
      return 2;
    }
    const r = await createStaffUser(
      getDb(),
      null,
      {
        email: v.email,
        password: v.password,
        role: v.role,
        departmentCode: v.department ?? null,
        nip: v.nip,
        name: v.name ?? v.email.split('@')[0]!,
        jabatan: v.jabatan ?? null,
        phone: null,
      },
      { viaCli: true },
    );
    if (!r.ok) {
      if (r.error === 'invalid') {
        const flag = r.field === 'departmentCode' ? 'department' : r.field;
        console.error(
          `--${flag}: ${r.field === 'departmentCode' ? `unknown department code; see \`npm run cli -- departments\`` : t(r.message)}`,
        );
        return 1;
      }
      console.error(`refused: ${r.error}`);
      return 1;
    }
    console.log(`created ${v.role} #${r.userId}${v.department ? ` in ${v.department}` : ''}`);
  },
};

export const departments: Command = {
  summary: 'list department codes and names (for create-user --department)',
  async run() {
    const list = await departmentChoices(getDb());
    if (list.length === 0) {
      console.log('no departments: run `npm run cli -- migrate` first');
      return;
    }
    const width = Math.max(...list.map((d) => d.code.length));
    for (const d of list) console.log(`${d.code.padEnd(width)}  ${d.name}${d.active ? '' : ' (inactive)'}`);
  },
};
