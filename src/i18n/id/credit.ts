// Teks atribusi tahap (siapa yang dikreditkan untuk setiap angka), ambil alih, dan pemeriksaan penyelesaian.
export const credit = {
  takeOver: {
    lead: 'Pengaduan ini ditangani oleh {name}. Untuk menyelesaikannya, ambil alih lebih dulu; pengambilalihan tercatat di riwayat dan diketahui bidang Anda.',
    submit: 'Ambil alih',
    needed: 'Pengaduan ini ditangani petugas lain. Ambil alih lebih dulu (atau minta kepala bidang) sebelum menyelesaikannya.',
  },
  who: {
    title: 'Siapa yang dikreditkan untuk setiap angka',
    cases: 'Kasus ditangani: setiap pengaduan yang pernah dipegang, ditanggapi pertama, atau diselesaikan petugas ini.',
    response: 'Tanggapan tepat waktu dan waktu tanggapan pertama: petugas yang memberi tanggapan publik pertama; tanggapan yang terlambat atau belum ada saat jatuh tempo dibebankan kepada petugas yang memegang pengaduan pada saat jatuh tempo itu.',
    resolution: 'Penyelesaian tepat waktu dan waktu penyelesaian: petugas yang menyelesaikan (penyelesaian terakhir); penyelesaian yang terlambat dibebankan kepada petugas yang memegang pengaduan pada saat jatuh tempo.',
    reopen: 'Dibuka kembali dan sanggahan: petugas yang penyelesaiannya disanggah pelapor atau dikembalikan oleh pemeriksa.',
    csat: 'Kepuasan pelapor: petugas yang menyelesaikan pengaduan.',
    timeInHand: 'Waktu di tangan: hari kerja setiap pengaduan terbuka dipegang petugas ini dalam periode.',
    consultation: 'Tanggapan resmi pada konsultasi publik: petugas yang menulis tanggapan itu.',
  },
  inHand: {
    title: 'Waktu di tangan',
    lead: 'Berapa hari kerja pengaduan yang terbuka berada pada petugas ini dalam periode (sejak diberikan atau diambil alih sampai dialihkan, diselesaikan, atau akhir periode).',
    none: 'Tidak ada pengaduan terbuka yang dipegang petugas ini dalam periode.',
    complaints: 'Pengaduan yang dipegang',
    median: 'Median / P90 (hari kerja)',
    total: 'Jumlah hari kerja',
  },
  reporter: {
    checking: 'Penyelesaian ini sedang diperiksa oleh tim pemeriksa sebelum Anda diminta mengonfirmasinya (paling lama 3 hari kerja). Jika masalahnya belum selesai, Anda tetap dapat menyatakannya sekarang.',
  },
  events: {
    returned: 'Penyelesaian dikembalikan oleh pemeriksa',
    check_accepted: 'Penyelesaian diterima oleh pemeriksa',
    check_auto_accepted: 'Penyelesaian diterima otomatis (tidak diperiksa dalam 3 hari kerja)',
  },
  resolve: {
    photoRequired: 'Kategori ini mewajibkan foto "sesudah" yang menunjukkan hasil penanganan.',
    photoRequiredLabel: 'Foto sesudah penanganan (wajib untuk kategori ini)',
    pointLegend: 'Titik lokasi penanganan (opsional)',
    pointHint: 'Koordinat tempat Anda menangani masalah ini dalam derajat desimal (lintang −90 sampai 90, bujur −180 sampai 180). Titik yang jauh dari lokasi pengaduan akan diperiksa.',
    latitude: 'Lintang',
    longitude: 'Bujur',
    pointInvalid: 'Isi lintang dan bujur sebagai angka desimal, keduanya atau tidak sama sekali.',
  },
};
