// Teks "Dukung" (pendukung pengaduan), pengaduan serupa di sekitar saat melapor, dan penggabungan duplikat.
import { counted } from '../plural.ts';
export const supporters = {
  count: counted('{n} pendukung'),
  support: 'Dukung',
  supportThis: 'Dukung pengaduan {code}',
  supportLead: 'Masalah yang sama? Dukung pengaduan ini alih-alih mengirim pengaduan baru: dinas melihat berapa warga yang terdampak.',
  supportHonesty:
    'Tanpa akun, dukungan dihitung sekali per peramban (browser) ini. Masuk agar dukungan Anda terhubung ke akun Anda dan Anda dapat mengikuti perkembangannya.',
  followToo: 'Kirimi saya email pada setiap pembaruan publik pengaduan ini',
  supported: 'Dukungan Anda tercatat. Terima kasih.',
  supportedFollowing: 'Dukungan Anda tercatat, dan Anda akan menerima email pada setiap pembaruan publik.',
  alreadySupported: 'Anda sudah mendukung pengaduan ini.',
  notSupportable: 'Pengaduan ini tidak dapat didukung lagi (sudah selesai, ditutup, atau digabungkan).',
  ownComplaint: 'Ini pengaduan Anda sendiri.',
  rateLimited: counted('Terlalu banyak dukungan dalam waktu singkat. Coba lagi dalam {minutes} menit.'),
  needCookie:
    'Peramban Anda belum menyimpan penanda perangkat yang dipakai untuk menghitung dukungan sekali saja. Tekan Dukung sekali lagi (cookie harus diizinkan), atau masuk dengan akun Anda.',
  loginToFollow: 'Masuk untuk mendukung dengan akun Anda dan mengikuti perkembangannya',
  nearby: {
    title: 'Pengaduan serupa di sekitar',
    lead: 'Pengaduan terbuka dengan kategori yang sama di kelurahan ini atau dalam radius {radius} m, 30 hari terakhir. Jika masalahnya sama, dukung pengaduan itu alih-alih mengirim pengaduan baru.',
    none: 'Tidak ada pengaduan serupa yang masih terbuka di sekitar lokasi ini dalam 30 hari terakhir.',
    needMore: 'Pilih kategori dan kelurahan (atau isi titik lokasi) untuk melihat pengaduan serupa di sekitar.',
    found: counted('{n} pengaduan serupa ditemukan di sekitar lokasi ini: lihat daftarnya sebelum mengirim.'),
    check: 'Cek pengaduan serupa',
    checkHint: 'Isian Anda dan foto yang sudah dipilih tetap tersimpan.',
    distance: 'sekitar {m} m',
    sameKelurahan: 'kelurahan yang sama',
    filedOn: 'dilaporkan {date}',
    view: 'Lihat {code}',
  },
  staff: {
    supporters: 'Pendukung',
    mergeHint: 'Pendukung, pengikut, dan pelapor pengaduan ini dipindahkan ke pengaduan asli.',
  },
  events: {
    merged: 'Pengaduan serupa digabungkan ke pengaduan ini',
  },
  errors: {
    originalRejected: 'Pengaduan asli itu sudah ditolak; gabungkan ke pengaduan yang masih berlaku.',
  },
  mail: {
    mergedBody:
      'Masalah yang Anda laporkan dalam pengaduan {code} sudah dilaporkan sebelumnya sebagai pengaduan {original} dan ditangani di sana. Pengaduan Anda digabungkan ke pengaduan itu, dan Anda tercatat sebagai pendukungnya.',
    mergedFollowing: 'Anda akan menerima email pada setiap pembaruan publik pengaduan itu.',
  },
};
