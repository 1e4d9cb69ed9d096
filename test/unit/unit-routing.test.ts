// Which unit a complaint goes to: the most specific unit route (kelurahan, kecamatan, kota) of the
// department the complaint is routed to; none when no route names that department.
import { describe, expect, it } from 'vitest';
import { chooseUnit, kotaOf } from '../../src/server/complaints/unit-routing.ts';

const BM = 1;
const SDA = 2;
const routes = [
  { area_code: '31.74', unit_id: 10, department_id: BM }, // Suku Dinas Bina Marga Jakarta Selatan
  { area_code: '31.74.01', unit_id: 11, department_id: BM }, // a kecamatan office of the same dinas
  { area_code: '31.74.01.1001', unit_id: 12, department_id: BM }, // a kelurahan's own unit
  { area_code: '31.75', unit_id: 20, department_id: SDA },
];

describe('unit routing', () => {
  it('takes the kota of a kecamatan or kelurahan code', () => {
    expect(kotaOf('31.74.01')).toBe('31.74');
    expect(kotaOf('31.74.01.1001')).toBe('31.74');
  });

  it('prefers the kelurahan, then the kecamatan, then the kota', () => {
    expect(chooseUnit(routes, { kelurahan: '31.74.01.1001', kecamatan: '31.74.01' }, BM)).toBe(12);
    expect(chooseUnit(routes, { kelurahan: '31.74.01.1002', kecamatan: '31.74.01' }, BM)).toBe(11);
    expect(chooseUnit(routes, { kelurahan: '31.74.02.1001', kecamatan: '31.74.02' }, BM)).toBe(10);
  });

  it('gives no unit outside every route, and never a unit of another department', () => {
    expect(chooseUnit(routes, { kelurahan: '31.71.01.1001', kecamatan: '31.71.01' }, BM)).toBeNull();
    // SDA has a unit in Jakarta Timur only; a complaint routed to Bina Marga there gets none.
    expect(chooseUnit(routes, { kelurahan: '31.75.01.1001', kecamatan: '31.75.01' }, BM)).toBeNull();
    expect(chooseUnit(routes, { kelurahan: '31.75.01.1001', kecamatan: '31.75.01' }, SDA)).toBe(20);
  });

  it('does not match a kota code as a prefix of another kota', () => {
    expect(chooseUnit([{ area_code: '31.7', unit_id: 1, department_id: BM }], { kelurahan: null, kecamatan: '31.74.01' }, BM)).toBeNull();
  });
});
