// Units inside departments (bidang, UPT, Suku Dinas, kecamatan/kelurahan offices).
export const units = {
  admin: {
    title: 'Work unit',
    hint: 'The unit of the department this officer works in (e.g. a Suku Dinas of one kota administrasi). Leave empty for the department as a whole.',
    label: 'Work unit',
    none: '— The whole department —',
    save: 'Save unit',
    saved: 'The officer’s unit was saved.',
    invalid: 'Choose a unit of this officer’s department.',
    noUnits: 'This officer’s department has no units.',
  },
  filter: {
    label: 'Work unit',
    all: 'All units',
    mine: 'My unit',
    none: 'No unit (department)',
  },
  kinds: {
    bidang: 'Division (bidang)',
    upt: 'Technical unit (UPT)',
    suku_dinas: 'Suku Dinas (sub-department of a kota)',
    kecamatan_office: 'Kecamatan office',
    kelurahan_office: 'Kelurahan office',
  },
  detail: 'Work unit',
  reportTitle: 'By unit',
  reportLead: 'The department’s complaints by the unit handling them; the department row adds up all its units.',
  departmentTotal: 'Total {department}',
  noUnit: 'No unit',
};
