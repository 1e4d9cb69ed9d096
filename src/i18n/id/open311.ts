// Bahasa Indonesia: texts the Open311 API returns (service notices, attribute descriptions).
export const open311 = {
  noticeRouted: 'Diteruskan ke {department}. Perkembangan dapat diikuti dengan kode pelacakan.',
  noticeVerifying: 'Menunggu verifikasi: petugas akan meneruskannya ke dinas yang berwenang dalam 3 hari kerja.',
  kelurahanAttribute: 'Kelurahan lokasi pengaduan (kode Kemendagri)',
  privacyAttribute: 'Privasi: umum (nama tidak ditampilkan), anonim (identitas disembunyikan dari semua orang), atau rahasia (isi tidak publik)',
  privacyPublic: 'Umum',
  privacyAnonymous: 'Anonim',
  privacyConfidential: 'Rahasia',
  rateLimited: 'Terlalu banyak permintaan dengan kunci API ini; coba lagi dalam {seconds} detik.',
};
