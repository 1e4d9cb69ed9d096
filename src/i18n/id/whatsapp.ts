// Teks percakapan pengaduan lewat WhatsApp (docs/whatsapp.md). Batas WhatsApp: judul baris daftar 24
// huruf, keterangan baris 72, tombol 20; teks yang lebih panjang dipotong saat dikirim.
export const whatsapp = {
  greeting:
    'Halo! Ini layanan pengaduan warga. Saya bantu Anda membuat pengaduan dalam beberapa langkah.\n\nKetik *batal* kapan saja untuk berhenti, *status KODE* untuk mengecek pengaduan, atau *english* for English.',
  listButton: 'Pilih',
  prev: '« Sebelumnya',
  next: 'Berikutnya »',
  pageNote: 'Halaman {page} dari {pages}.',
  chooseCategory: 'Pilih kategori pengaduan Anda.',
  askLocation: 'Bagikan lokasi masalahnya: tekan 📎 lalu *Lokasi*. Jika tidak bisa, ketik *lewati*.',
  locationReceived: 'Lokasi diterima.',
  chooseKota: 'Pilih kota/kabupaten administrasi tempat masalahnya.',
  chooseKecamatan: 'Pilih kecamatan tempat masalahnya.',
  chooseKelurahan: 'Pilih kelurahan di Kecamatan {kecamatan}.',
  askDescription: 'Ceritakan masalahnya: apa yang terjadi, di mana tepatnya, dan sejak kapan (paling sedikit 20 huruf).',
  descriptionLength: 'Uraian harus 20 sampai 5000 huruf. Silakan tulis ulang.',
  askPhotos: 'Kirim sampai 3 foto masalahnya, satu per satu. Ketik *lewati* bila tidak ada foto.',
  photoReceived: 'Foto {n} dari 3 diterima. Kirim foto lain atau ketik *selesai*.',
  photoRefused: {
    tooLarge: 'Foto terlalu besar (paling besar 5 MB). Kirim foto lain atau ketik *selesai*.',
    notImage: 'Yang diterima hanya foto JPEG, PNG, atau WebP. Kirim foto lain atau ketik *selesai*.',
    unavailable: 'Foto tidak dapat diambil dari WhatsApp. Coba kirim lagi atau ketik *selesai*.',
    corrupt: 'Foto tidak dapat dibaca. Kirim foto lain atau ketik *selesai*.',
  },
  askPrivacy: 'Pilih tingkat privasi pengaduan Anda.',
  privacyRows: {
    public: 'Isi tampil untuk umum; nama Anda tidak ditampilkan.',
    anonymous: 'Isi tampil untuk umum; identitas disembunyikan dari semua.',
    confidential: 'Isi hanya dibaca petugas yang menangani.',
  },
  confirm:
    'Periksa pengaduan Anda:\n\nKategori: {category}\nLokasi: {kelurahan}, {kecamatan}{coordinates}\nUraian: {description}\nFoto: {photos}\nPrivasi: {privacy}\n\nKirim pengaduan ini?',
  confirmYes: 'Kirim',
  confirmNo: 'Batal',
  filed:
    'Pengaduan Anda diterima dengan kode *{code}*.\nKunci akses: {key}\n\nSimpan kode dan kunci ini: keduanya membuka rincian pengaduan Anda di {link}\nBalasan dinas akan dikirim ke WhatsApp ini. Ketik *status {code}* kapan saja.',
  filingFailed: 'Maaf, pengaduan belum dapat disimpan. Periksa pilihan Anda lalu kirim lagi, atau ketik *batal*.',
  cancelled: 'Pengaduan dibatalkan dan jawaban Anda dihapus. Kirim pesan apa saja untuk memulai lagi.',
  ended: 'Percakapan itu sudah selesai. Kirim pesan apa saja untuk memulai pengaduan baru, atau *status KODE* untuk mengecek pengaduan.',
  useChoices: 'Silakan pilih dari daftar atau tombol di atas, atau ketik *batal*.',
  status: 'Pengaduan {code}: {state}.',
  statusDepartment: 'Ditangani oleh: {department}.',
  statusLatest: 'Kabar terakhir: {note}',
  statusLink: 'Rincian: {link}',
  statusNotFound: 'Pengaduan dengan kode {code} tidak ditemukan.',
  tooMany: 'Terlalu banyak pesan dalam waktu singkat. Coba lagi beberapa menit lagi.',
};
