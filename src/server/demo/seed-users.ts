// seed-demo's staff: three officers and a manager per department, an HR manager and a verifier, with
// synthetic NIPs; all share the demo password printed by `cli seed-demo`.
import type { Db } from '../db/index.ts';
import { hashPassword } from '../auth/password.ts';

export const DEMO_PASSWORD = 'demo-suarawarga-2026';

export interface DemoUser {
  id: number;
  email: string;
  role: string;
  departmentId: number | null;
  departmentCode: string | null;
  nip: string | null;
}

/** Three officers and a manager per department, an HR manager and a verifier; reused when present. */
export async function ensureDemoUsers(db: Db, depts: { id: number; code: string }[], rnd: () => number): Promise<DemoUser[]> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const FIRST = ['Ahmad', 'Siti', 'Rudi', 'Dewi', 'Budi', 'Rina', 'Hendra', 'Yuni', 'Agus', 'Lestari', 'Fajar', 'Maya'];
  const LAST = ['Saputra', 'Wulandari', 'Pratama', 'Lestari', 'Hidayat', 'Kurniawan', 'Sari', 'Nugroho'];
  const wanted: { email: string; role: 'officer' | 'manager' | 'hr' | 'verifier'; dept: { id: number; code: string } | null }[] = [];
  for (const d of depts) {
    wanted.push({ email: `kepala.${d.code.toLowerCase()}@demo.suarawarga.invalid`, role: 'manager', dept: d });
    for (let i = 1; i <= 3; i++)
      wanted.push({ email: `petugas${i}.${d.code.toLowerCase()}@demo.suarawarga.invalid`, role: 'officer', dept: d });
  }
  wanted.push({ email: 'bkpsdm@demo.suarawarga.invalid', role: 'hr', dept: null });
  wanted.push({ email: 'verifikator@demo.suarawarga.invalid', role: 'verifier', dept: null });
  const out: DemoUser[] = [];
  let seq = 0;
  for (const w of wanted) {
    seq++;
    // NIP: birth date (8) + appointment year-month (6) + sex (1) + sequence (3) — synthetic.
    const nip = w.dept
      ? `19${70 + Math.floor(rnd() * 25)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}20${String(5 + Math.floor(rnd() * 15)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${rnd() < 0.5 ? 1 : 2}${String(seq).padStart(3, '0')}`
      : null;
    const name = `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]} (demo)`;
    const found = await db.selectFrom('users').select(['id', 'nip']).where('email', '=', w.email).executeTakeFirst();
    let id: number;
    let storedNip = nip;
    if (found) {
      id = Number(found.id);
      storedNip = found.nip;
    } else {
      const t = Date.now();
      const row = await db
        .insertInto('users')
        .values({
          email: w.email,
          password_hash: hash,
          name,
          phone: null,
          role: w.role,
          department_id: w.dept?.id ?? null,
          nip,
          jabatan: w.role === 'manager' ? 'Kepala Bidang' : w.role === 'officer' ? 'Petugas Layanan Pengaduan' : null,
          affiliation: null,
          organisation: null,
          created_at: t,
          updated_at: t,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(row.id);
    }
    out.push({ id, email: w.email, role: w.role, departmentId: w.dept?.id ?? null, departmentCode: w.dept?.code ?? null, nip: storedNip });
  }
  return out;
}
