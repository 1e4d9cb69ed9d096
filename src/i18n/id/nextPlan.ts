// Bahasa Indonesia: hasil siklus tahun lalu sebagai bukti rancangan rencana berikutnya (DESIGN §6b).
export const nextPlan = {
  title: 'Hasil siklus {year} untuk rencana ini',
  lead: 'Bukti di samping skor kesenjangan: PNS yang belum mencapai 20 JP didahulukan, lalu pelatihan yang perlu penyedia atau jalur lain, dan kompetensi yang pesertanya membaik. Usulan ASN ada di bagian usulan.',
  belowTitle: 'PNS di bawah 20 JP pada {year} (didahulukan)',
  belowNone: 'Semua PNS dinas ini mencapai 20 JP pada {year}.',
  nip: 'NIP',
  name: 'Nama',
  realised: 'JP terealisasi',
  missing: 'Kurang',
  flaggedTitle: 'Pelatihan {year} yang perlu penyedia atau jalur lain',
  flaggedNone: 'Tidak ada pelatihan yang dinilai rendah atau tanpa perbaikan terukur.',
  poor: 'dinilai rendah oleh peserta ({score} dari 5)',
  noEffect: 'tanpa perbaikan layanan peserta yang terukur',
  improvedTitle: 'Kompetensi yang pesertanya membaik',
  improvedNone: 'Belum ada kompetensi dengan perbaikan terukur.',
  association: 'Perbaikan ini asosiasi, bukan bukti bahwa pelatihan penyebabnya.',
  figure: {
    responseSla: 'tanggapan tepat waktu',
    resolutionSla: 'penyelesaian tepat waktu',
    reopen: 'lebih sedikit dibuka kembali',
    csat: 'kepuasan pelapor',
  },
};
