// Bahasa Indonesia: the privacy page (UU PDP 27/2022), in plain words.
export const privacy = {
  title: 'Kebijakan privasi',
  lead: 'Halaman ini menjelaskan data pribadi apa yang kami simpan, untuk apa, siapa yang dapat melihatnya, berapa lama disimpan, dan bagaimana Anda menggunakan hak Anda menurut Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi (UU PDP).',
  controllerTitle: 'Siapa yang mengelola data Anda',
  controllerText: 'Pengendali data adalah Pemerintah {region}. Portal ini dijalankan untuk pengelolaan pengaduan dan partisipasi publik.',
  collectTitle: 'Data yang kami kumpulkan',
  collect1:
    'Saat Anda mengajukan pengaduan: isi pengaduan, lokasi (kecamatan, kelurahan, alamat, dan titik peta bila Anda memberikannya), foto, serta nama, email dan nomor telepon bila Anda mengisinya.',
  collect2:
    'Saat Anda membuat akun: nama, email, kata sandi (disimpan hanya dalam bentuk hash), nomor telepon bila diisi, serta afiliasi dan organisasi bila Anda ikut konsultasi sebagai pemangku kepentingan.',
  collect3: 'Saat Anda ikut konsultasi publik: masukan, tanggapan, dukungan dan laporan yang Anda kirim.',
  collect4:
    'Catatan teknis: waktu dan jenis tindakan di portal (log audit), tanpa isi kata sandi atau token. Kami tidak memakai cookie pelacak atau iklan; cookie hanya untuk sesi masuk dan pilihan bahasa.',
  whyTitle: 'Untuk apa data itu dipakai',
  why1: 'Menindaklanjuti pengaduan Anda dan mengabari perkembangannya. Dasarnya adalah pelaksanaan tugas pelayanan publik (UU Nomor 25 Tahun 2009 tentang Pelayanan Publik dan Perpres Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik), bukan persetujuan.',
  why2: 'Menyusun statistik layanan dan bahan penilaian kinerja petugas. Untuk itu data pengaduan dipakai tanpa identitas pelapor.',
  why3: 'Penggunaan tambahan yang tidak wajib, misalnya menampilkan nama Anda pada pengaduan publik, hanya dengan pilihan Anda sendiri dan dapat Anda tarik kembali.',
  whoTitle: 'Siapa yang dapat melihatnya',
  who1: 'Publik melihat isi pengaduan yang bersifat umum atau anonim, tanpa nama, email, atau telepon. Pengaduan rahasia tidak tampil untuk publik.',
  who2: 'Petugas verifikasi dan petugas dinas yang menangani pengaduan Anda dapat melihat data kontak untuk menghubungi Anda. Setiap kali data kontak dibuka, hal itu dicatat.',
  who3: 'Untuk pengaduan anonim, identitas Anda disembunyikan dari semua orang, termasuk petugas.',
  who4: 'Kami tidak menjual atau membagikan data Anda kepada pihak lain untuk kepentingan komersial.',
  keepTitle: 'Berapa lama disimpan',
  keep1:
    'Data kontak pada pengaduan yang sudah ditutup dihapus otomatis {contactMonths} bulan setelah penutupan; isi pengaduan disimpan tanpa identitas untuk catatan publik dan statistik.',
  keep2: 'Foto pengaduan dihapus {photoMonths} bulan setelah pengaduan ditutup.',
  keep3: 'Akun Anda disimpan sampai Anda memintanya dihapus.',
  rightsTitle: 'Hak Anda',
  rights1: 'Mendapat informasi tentang pemrosesan data Anda (halaman ini).',
  rights2: 'Mengakses dan mendapatkan salinan data Anda.',
  rights3: 'Memperbaiki data yang tidak akurat.',
  rights4:
    'Meminta penghapusan data pribadi Anda: akun ditutup dan data kontak dihapus, sedangkan isi pengaduan dan masukan tetap ada tanpa identitas.',
  rights5: 'Menarik persetujuan untuk penggunaan yang tidak wajib.',
  howTitle: 'Cara menggunakan hak Anda',
  how1: 'Jika Anda memiliki akun: buka halaman akun Anda untuk mengunduh atau memperbaiki data dan meminta penghapusan.',
  how2: 'Jika Anda tidak memiliki akun: gunakan kode pelacakan dan kunci akses pengaduan Anda.',
  how3: 'Setiap permintaan dicatat dan dijawab paling lambat 3 × 24 jam.',
  contactTitle: 'Pejabat pelindungan data',
  contactText: 'Pertanyaan dan keluhan tentang data pribadi dapat disampaikan kepada pejabat pelindungan data:',
  breachText: 'Jika terjadi kegagalan pelindungan data pribadi, orang yang terdampak akan diberi tahu paling lambat 3 × 24 jam.',
};
