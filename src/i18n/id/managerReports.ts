// Teks daftar lewat batas waktu, daftar rinci yang berhalaman, cakupan ekspor dan ringkasan harian untuk pimpinan.
import { counted } from '../plural.ts';
export const managerReports = {
  overdue: {
    title: 'Pengaduan melewati batas waktu',
    lead: 'Semua pengaduan terbuka yang melewati batas waktu tanggapan atau penyelesaian, yang paling lama terlambat di atas.',
    count: '{shown} dari {total} pengaduan',
    range: 'Menampilkan {first}–{last} dari {total} pengaduan',
    summary: counted('{n} pengaduan melewati batas waktu.'),
    open: 'Buka daftar lengkap',
    none: 'Tidak ada pengaduan yang melewati batas waktu.',
  },
  column: {
    assignee: 'Petugas',
    stage: 'Tahap',
    due: 'Batas waktu',
    late: 'Terlambat (hari kerja)',
    nip: 'NIP',
    officer: 'Nama petugas',
    evidence: 'Bahan penilaian',
  },
  backToList: 'Kembali ke daftar laporan',
  unassigned: 'Belum ditugaskan',
  pager: { label: 'Halaman', prev: 'Sebelumnya', next: 'Berikutnya', page: 'Halaman {page} dari {pages}' },
  export: {
    scope: 'Cakupan',
    scopeAll: 'Semua dinas',
    scopeDepartment: 'Dinas {department}',
    rows: 'Jumlah baris',
    rounding: 'Pembulatan',
    roundingNote: 'Persentase dibulatkan ke 0,1% seperti di halaman; durasi dalam hari kerja, 0,1 hari.',
    now: 'Keadaan pada',
  },
  officers: {
    note: 'Angka per petugas tidak ditampilkan di sini: angka itu hanya bermakna dengan batas sampel minimum, interval Wilson, dan sinyal integritas di sampingnya. Lihat bahan penilaian untuk angka per petugas.',
    link: 'Buka bahan penilaian per petugas',
  },
  digest: {
    subject: counted('Ringkasan harian: {n} pengaduan baru melewati batas waktu'),
    intro: counted('Sejak ringkasan terakhir, {n} pengaduan di dinas Anda baru melewati batas waktu.'),
    byStage: '{stage}: {n} baru',
    total: counted('Seluruhnya kini {n} pengaduan melewati batas waktu.'),
    link: 'Daftar lengkap: {link}',
  },
};
