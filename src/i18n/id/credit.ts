// Teks atribusi tahap (siapa yang dikreditkan untuk setiap angka), ambil alih, dan pemeriksaan penyelesaian.
export const credit = {
  takeOver: {
    lead: 'Pengaduan ini ditangani oleh {name}. Untuk menyelesaikannya, ambil alih lebih dulu; pengambilalihan tercatat di riwayat dan diketahui bidang Anda.',
    submit: 'Ambil alih',
    needed: 'Pengaduan ini ditangani petugas lain. Ambil alih lebih dulu (atau minta kepala bidang) sebelum menyelesaikannya.',
  },
};
