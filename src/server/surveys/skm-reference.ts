// The fixed parts of the Survei Kepuasan Masyarakat as PermenPANRB No. 14 Tahun 2017 (Pedoman
// Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik) sets them out in its
// Lampiran: the nine unsur, their example questions with the 4-point answers, the respondent profile,
// and the table of nilai persepsi / interval / interval konversi / mutu pelayanan.
//
// SOURCES (the Lampiran itself was not reachable from here; these are public documents that reproduce it):
// - unsur names and their order: Lampiran, bab II "Ruang Lingkup" (nine unsur), as quoted in the SKM
//   report of DKP3 Kota Sukabumi (id.scribd.com/document/615604492) and DESIGN.md §9;
// - example questionnaire ("Contoh kuesioner", Lampiran): the profile (jenis kelamin, usia, pendidikan
//   SD/SMP/SMA/S1/S2/S3, pekerjaan PNS/TNI/POLRI/SWASTA/WIRAUSAHA/LAINNYA, jenis layanan yang diterima)
//   and answer wordings of unsur 1–5, 7, 8 as reproduced by pdfcoffee.com/permen-14-2017-okkk-pdf-free.html
//   (Kantor Camat Ulu Manna); unsur 6 (kompetensi) by the Puskesmas Jarakkulon copy of the same example
//   (pdfcoffee.com/download/bagaimana-pendapat-saudara-tentang-kesesuaian-persyaratan-pelayanan-…);
// - UNVERIFIED: the answer wording of unsur 9 (penanganan pengaduan, saran dan masukan) was not found in
//   any source reachable from here; the wording below is marked as such and should be checked against
//   the Lampiran before an official publication.
// - intervals: Lampiran, bab "Pengolahan Data" table "Nilai Persepsi, Interval IKM, Interval Konversi IKM,
//   Mutu Pelayanan dan Kinerja Unit Pelayanan", as reproduced by BPPP Tegal (fliphtml5.com/reidny/aaer,
//   p. 64) and e-smile.tubaba.go.id/main/skm/laporan/online (A 88,31–100,00; B 76,61–88,30;
//   C 65,00–76,60; D 25,00–64,99). (The Tegal copy prints "65,00 – 76,66" for C, a typo against
//   its own next row starting at 76,61; the Tubaba copy's 76,60 is used.)

export type UnsurCode = 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6' | 'U7' | 'U8' | 'U9';

export interface Unsur {
  code: UnsurCode;
  /** The unsur's name as the regulation lists it. */
  name: { id: string; en: string };
  /** The example question (Lampiran, contoh kuesioner). */
  question: { id: string; en: string };
  /** Answers for nilai persepsi 1..4, worst first. */
  answers: { id: [string, string, string, string]; en: [string, string, string, string] };
  /** False where the wording could not be checked against a copy of the Lampiran (see SOURCES). */
  verified: boolean;
}

export const SKM_UNSUR: readonly Unsur[] = [
  {
    code: 'U1',
    verified: true,
    name: { id: 'Persyaratan', en: 'Requirements' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
      en: 'How well do the service requirements fit the kind of service?',
    },
    answers: {
      id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
      en: ['Not suitable', 'Less suitable', 'Suitable', 'Very suitable'],
    },
  },
  {
    code: 'U2',
    verified: true,
    name: { id: 'Sistem, mekanisme dan prosedur', en: 'System, mechanism and procedure' },
    question: {
      id: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
      en: 'How easy is the service procedure of this unit?',
    },
    answers: { id: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'], en: ['Not easy', 'Less easy', 'Easy', 'Very easy'] },
  },
  {
    code: 'U3',
    verified: true,
    name: { id: 'Waktu penyelesaian', en: 'Completion time' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
      en: 'How fast was the service delivered?',
    },
    answers: { id: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'], en: ['Not fast', 'Less fast', 'Fast', 'Very fast'] },
  },
  {
    code: 'U4',
    verified: true,
    name: { id: 'Biaya/tarif', en: 'Cost/tariff' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
      en: 'How fair is the cost/tariff of the service?',
    },
    answers: { id: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'], en: ['Very expensive', 'Quite expensive', 'Cheap', 'Free'] },
  },
  {
    code: 'U5',
    verified: true,
    name: { id: 'Produk spesifikasi jenis pelayanan', en: 'Product specification of the service' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?',
      en: 'How well does the service product match what the service standard lists?',
    },
    answers: {
      id: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
      en: ['Not suitable', 'Less suitable', 'Suitable', 'Very suitable'],
    },
  },
  {
    code: 'U6',
    verified: true,
    name: { id: 'Kompetensi pelaksana', en: 'Competence of the staff' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
      en: 'How competent were the staff who served you?',
    },
    answers: {
      id: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'],
      en: ['Not competent', 'Less competent', 'Competent', 'Very competent'],
    },
  },
  {
    code: 'U7',
    verified: true,
    name: { id: 'Perilaku pelaksana', en: 'Conduct of the staff' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?',
      en: 'How polite and friendly were the staff?',
    },
    answers: {
      id: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'],
      en: ['Not polite and friendly', 'Less polite and friendly', 'Polite and friendly', 'Very polite and friendly'],
    },
  },
  {
    code: 'U8',
    verified: false,
    name: { id: 'Penanganan pengaduan, saran dan masukan', en: 'Handling of complaints, suggestions and feedback' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?',
      en: 'How are complaints of service users handled?',
    },
    // UNVERIFIED wording (see SOURCES): the four levels are kept in the regulation's worst-first order.
    answers: {
      id: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'],
      en: ['None', 'Exists but does not work', 'Works, not fully', 'Well managed'],
    },
  },
  {
    code: 'U9',
    verified: true,
    name: { id: 'Sarana dan prasarana', en: 'Facilities and infrastructure' },
    question: {
      id: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
      en: 'How good are the facilities and infrastructure?',
    },
    answers: { id: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'], en: ['Poor', 'Fair', 'Good', 'Very good'] },
  },
];

/** Respondent profile of the Lampiran's example questionnaire (see SOURCES). Usia is asked in years. */
export const SKM_PROFILE = {
  jenisKelamin: { id: ['Laki-laki', 'Perempuan'], en: ['Male', 'Female'] },
  pendidikan: ['SD', 'SMP', 'SMA', 'S1', 'S2', 'S3'],
  pekerjaan: {
    id: ['PNS', 'TNI', 'POLRI', 'Swasta', 'Wirausaha', 'Lainnya'],
    en: ['Civil servant', 'Armed forces', 'Police', 'Private sector', 'Self-employed', 'Other'],
  },
} as const;

export type Mutu = 'A' | 'B' | 'C' | 'D';

/**
 * Lampiran table "Nilai Persepsi, Interval IKM, Interval Konversi IKM, Mutu Pelayanan dan Kinerja Unit
 * Pelayanan": nilai interval konversi (NIK) lower bounds, best first, with the kinerja wording.
 */
export const MUTU_INTERVALS: readonly { mutu: Mutu; from: number; to: number; kinerja: { id: string; en: string } }[] = [
  { mutu: 'A', from: 88.31, to: 100.0, kinerja: { id: 'Sangat Baik', en: 'Very good' } },
  { mutu: 'B', from: 76.61, to: 88.3, kinerja: { id: 'Baik', en: 'Good' } },
  { mutu: 'C', from: 65.0, to: 76.6, kinerja: { id: 'Kurang Baik', en: 'Less than good' } },
  { mutu: 'D', from: 25.0, to: 64.99, kinerja: { id: 'Tidak Baik', en: 'Not good' } },
];
