// Teks atribusi tahap (siapa yang dikreditkan untuk setiap angka), ambil alih, dan pemeriksaan penyelesaian.
import { counted } from '../plural.ts';
export const credit = {
  takeOver: {
    lead: 'Pengaduan ini ditangani oleh {name}. Untuk menyelesaikannya, ambil alih lebih dulu; pengambilalihan tercatat di riwayat dan diketahui bidang Anda.',
    submit: 'Ambil alih',
    needed: 'Pengaduan ini ditangani petugas lain. Ambil alih lebih dulu (atau minta kepala bidang) sebelum menyelesaikannya.',
  },
  who: {
    title: 'Siapa yang dikreditkan untuk setiap angka',
    cases: 'Kasus ditangani: setiap pengaduan yang pernah dipegang, ditanggapi pertama, atau diselesaikan petugas ini.',
    response:
      'Tanggapan tepat waktu dan waktu tanggapan pertama: petugas yang memberi tanggapan publik pertama; tanggapan yang terlambat atau belum ada saat jatuh tempo dibebankan kepada petugas yang memegang pengaduan pada saat jatuh tempo itu.',
    resolution:
      'Penyelesaian tepat waktu dan waktu penyelesaian: petugas yang menyelesaikan (penyelesaian terakhir); penyelesaian yang terlambat dibebankan kepada petugas yang memegang pengaduan pada saat jatuh tempo.',
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
    checking:
      'Penyelesaian ini sedang diperiksa oleh tim pemeriksa sebelum Anda diminta mengonfirmasinya (paling lama 3 hari kerja). Jika masalahnya belum selesai, Anda tetap dapat menyatakannya sekarang.',
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
    pointHint:
      'Koordinat tempat Anda menangani masalah ini dalam derajat desimal (lintang −90 sampai 90, bujur −180 sampai 180). Titik yang jauh dari lokasi pengaduan akan diperiksa.',
    latitude: 'Lintang',
    longitude: 'Bujur',
    pointInvalid: 'Isi lintang dan bujur sebagai angka desimal, keduanya atau tidak sama sekali.',
  },
  checks: {
    title: 'Pemeriksaan penyelesaian',
    lead: 'Penyelesaian yang ditandai sinyal integritas atau terpilih dalam sampel acak menunggu di sini sebelum pelapor diminta mengonfirmasi. Terima, atau kembalikan ke dinas dengan alasan. Yang tidak diperiksa dalam {days} hari kerja diterima otomatis.',
    empty: 'Tidak ada penyelesaian yang menunggu pemeriksaan.',
    accepted: 'Penyelesaian diterima; pelapor kini diminta mengonfirmasi.',
    returned: 'Penyelesaian dikembalikan ke dinas beserta alasannya.',
    conflict: 'Penyelesaian ini baru saja diperiksa orang lain, atau pelapor sudah menanggapinya. Daftar di bawah sudah diperbarui.',
    rateLimited: counted('Terlalu banyak permintaan. Coba lagi dalam {minutes} menit.'),
    category: 'Kategori',
    department: 'Dinas',
    resolver: 'Diselesaikan oleh',
    resolvedAt: 'Waktu penyelesaian',
    reasons: 'Alasan diperiksa',
    note: 'Catatan penyelesaian',
    photos: 'Foto sesudah penanganan',
    open: 'Lihat pengaduan',
    accept: 'Terima penyelesaian',
    return: 'Kembalikan ke dinas',
    reasonLabel: 'Alasan pengembalian {code} (dilihat dinas)',
    reason: {
      fast: 'diselesaikan dalam hitungan menit setelah diberikan',
      no_response: 'tanpa tanggapan publik sebelumnya',
      no_photo: 'tanpa foto sesudah, padahal pelapor mengirim foto',
      far: 'titik penanganan jauh dari lokasi pengaduan',
      sample: 'sampel acak',
    },
    errors: {
      missing: 'Pilih penyelesaian yang akan diperiksa.',
      reasonRequired: 'Tulis alasan pengembalian (paling sedikit 10 karakter).',
      reasonTooLong: 'Alasan paling banyak 2000 karakter.',
    },
  },
  rules: {
    title: 'Syarat penyelesaian dan pemeriksaan',
    noteAlways: 'Setiap penyelesaian selalu wajib memuat catatan penyelesaian yang publik.',
    photoRequired: 'Wajibkan foto "sesudah" yang menunjukkan hasil penanganan',
    distance: 'Jarak maksimum titik penanganan dari lokasi pengaduan (meter, opsional)',
    distanceHint:
      'Kosongkan untuk tanpa pemeriksaan lokasi. Penyelesaian dengan titik yang lebih jauh masuk antrean pemeriksaan (10 sampai 100000 meter).',
    distanceInvalid: 'Isi jarak sebagai bilangan bulat 10 sampai 100000 meter, atau kosongkan.',
    save: 'Simpan syarat penyelesaian',
    saved: 'Syarat penyelesaian disimpan.',
    shareTitle: 'Sampel acak pemeriksaan (semua kategori)',
    share: 'Persentase penyelesaian lain yang diperiksa',
    shareHint: 'Berlaku untuk semua kategori; bawaan 10%. Penyelesaian yang ditandai sinyal integritas selalu diperiksa.',
    shareInvalid: 'Isi persentase sebagai bilangan bulat 0 sampai 100.',
    shareSave: 'Simpan persentase sampel',
    shareSaved: 'Persentase sampel disimpan.',
  },
  signals: {
    returned: 'Penyelesaian yang dikembalikan pemeriksa',
  },
  checked: {
    title: 'Pemeriksaan penyelesaian',
    line: 'Penyelesaian petugas ini dalam periode yang diperiksa: {checked} (dikembalikan: {returned}); diterima otomatis tanpa diperiksa: {auto}; masih menunggu: {pending}. Penyelesaian yang dikembalikan dihitung seperti yang disanggah.',
  },
};
