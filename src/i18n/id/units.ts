// Teks unit di dalam perangkat daerah (bidang, UPT, Suku Dinas, kantor kecamatan/kelurahan).
export const units = {
  admin: {
    title: 'Unit kerja',
    hint: 'Unit di dalam perangkat daerah tempat petugas ini bekerja (mis. Suku Dinas per kota administrasi). Kosongkan bila ia bekerja untuk seluruh perangkat daerah.',
    label: 'Unit',
    none: '— Seluruh perangkat daerah —',
    save: 'Simpan unit',
    saved: 'Unit petugas disimpan.',
    invalid: 'Pilih unit dari perangkat daerah petugas ini.',
    noUnits: 'Perangkat daerah petugas ini belum memiliki unit.',
  },
  filter: {
    label: 'Unit',
    all: 'Semua unit',
    mine: 'Unit saya',
    none: 'Tanpa unit (perangkat daerah)',
  },
  kinds: {
    bidang: 'Bidang',
    upt: 'UPT',
    suku_dinas: 'Suku Dinas',
    kecamatan_office: 'Kantor kecamatan',
    kelurahan_office: 'Kantor kelurahan',
  },
  detail: 'Unit',
  reportTitle: 'Per unit',
  reportLead: 'Pengaduan perangkat daerah menurut unit yang menanganinya; baris perangkat daerah menjumlahkan semua unitnya.',
  departmentTotal: 'Jumlah {department}',
  noUnit: 'Tanpa unit',
};
