// Converts ../shared/data/regions/<region>.csv into db/reference/<region>/areas.csv, adding the
// common name residents write ("35 Ilir", "Ilir Barat II") beside the official one.
// Usage: node scripts/build-reference-areas.ts palembang [jakarta palu]
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv, toCsv } from '../src/server/reference/csv.ts';
import { commonAreaName } from '../src/server/reference/area-names.ts';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '../shared/data');

for (const region of process.argv.slice(2)) {
  const rows = parseCsv(fs.readFileSync(path.join(shared, 'regions', `${region}.csv`), 'utf8'));
  const out = rows.map((r) => ({
    code: r.kode,
    name: r.nama,
    common_name: commonAreaName(r.nama, { region }),
    level: r.tingkat,
    parent_code: r.tingkat === 'kecamatan' ? '' : r.induk,
    city: r.kota,
  }));
  const dir = path.join(root, 'db/reference', region);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'areas.csv'), toCsv(out, ['code', 'name', 'common_name', 'level', 'parent_code', 'city']));
  console.log(`${region}: ${out.length} areas`);
}
