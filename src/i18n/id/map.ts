// Teks peta: pemilih lokasi di formulir pengaduan, peta pengaduan publik, dan titik di halaman pengaduan.
import { counted } from '../plural.ts';
export const map = {
  errors: {
    outsideRegion:
      'Titik ini berada di luar wilayah layanan portal. Geser penanda ke lokasi masalah di dalam wilayah, atau kosongkan lintang dan bujur.',
  },
  picker: {
    mapLabel: 'Peta lokasi masalah',
    mapHint: 'Ketuk peta atau geser penanda ke lokasi masalah. Kecamatan dan kelurahan terdekat dipilih otomatis; periksa pilihannya.',
    chooseKota: 'Pilih kota',
    chooseKotaHint:
      'Pilih kota/kabupaten administrasi lalu tekan "Pilih kota" untuk menyaring daftar kecamatan dan kelurahan. Isian Anda tetap tersimpan.',
    narrowedKota: 'Daftar kecamatan dan kelurahan disaring untuk {kota}.',
    chooseKecamatan: 'Pilih kecamatan',
    chooseKecamatanHint: 'Pilih kecamatan lalu tekan "Pilih kecamatan" untuk menyaring daftar kelurahan. Isian Anda tetap tersimpan.',
    narrowed: 'Daftar kelurahan disaring untuk Kecamatan {kecamatan}.',
    fromPoint: 'Dipilih dari titik di peta: Kelurahan {kelurahan}, Kecamatan {kecamatan}. Periksa dan ubah bila perlu.',
    pointOnly: 'Titik dipasang. Pilih kecamatan dan kelurahan sendiri.',
    outside: 'Titik ini di luar wilayah layanan. Geser penanda ke dalam wilayah.',
    pin: 'Penanda lokasi masalah',
  },
  page: {
    title: 'Peta pengaduan',
    lead: 'Pengaduan publik yang mencantumkan titik lokasi. Pengaduan rahasia dan data pelapor tidak pernah ditampilkan.',
    mapLink: 'Peta',
    listLink: 'Daftar',
    views: 'Tampilan',
    legend: 'Keterangan warna status',
    mapLabel: 'Peta pengaduan publik',
    tableCaption: 'Pengaduan pada peta',
    shown: counted('{count} pengaduan dengan titik lokasi'),
    truncated: 'Hanya {limit} pengaduan terbaru yang ditampilkan; persempit dengan penyaring.',
    none: 'Belum ada pengaduan publik dengan titik lokasi untuk pilihan ini.',
    code: 'Kode',
    complaintTitle: 'Judul',
    state: 'Status',
    category: 'Kategori',
    kecamatan: 'Kecamatan',
    point: 'Titik',
    cluster: 'pengaduan di sini; perbesar untuk melihatnya',
    open: 'Buka pengaduan {code}',
  },
  detail: {
    heading: 'Lokasi di peta',
    point: 'Titik: {lat}, {lng}',
  },
};
