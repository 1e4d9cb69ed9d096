// The record of processing activities (for the DPIA under UU PDP 27/2022), kept as data in the repo,
// in Bahasa Indonesia with English. Laws named are only those on the privacy page; a deployment's
// data protection officer reviews and extends this record. {contactMonths}/{photoMonths} come from config.
import type { ExportTable } from '../exports/table-export.ts';

export interface ProcessingActivity {
  activity: [string, string];
  data: [string, string];
  subjects: [string, string];
  purpose: [string, string];
  basis: [string, string];
  retention: [string, string];
  recipients: [string, string];
}

const PUBLIC_TASK: [string, string] = [
  'Pelaksanaan tugas pelayanan publik (UU 25/2009 tentang Pelayanan Publik; Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik); UU 27/2022 tentang Pelindungan Data Pribadi',
  'Performance of the public-service task (Law 25/2009 on Public Services; Presidential Regulation 76/2013 on Handling Public Service Complaints); Law 27/2022 on Personal Data Protection',
];

export const PROCESSING_ACTIVITIES: ProcessingActivity[] = [
  {
    activity: ['Penanganan pengaduan', 'Handling complaints'],
    data: [
      'Nama, email, nomor telepon pelapor (opsional); isi pengaduan; lokasi; foto',
      'Reporter’s name, email, phone (optional); complaint text; location; photos',
    ],
    subjects: ['Pelapor (warga)', 'Reporters (residents)'],
    purpose: ['Menindaklanjuti pengaduan dan mengabari pelapor', 'Acting on the complaint and keeping the reporter informed'],
    basis: PUBLIC_TASK,
    retention: [
      'Data kontak: {contactMonths} bulan setelah ditutup, lalu dianonimkan; foto: {photoMonths} bulan setelah ditutup; isi pengaduan tanpa identitas disimpan',
      'Contact data: {contactMonths} months after closing, then anonymised; photos: {photoMonths} months after closing; complaint text kept without identity',
    ],
    recipients: [
      'Verifikator dan petugas dinas yang menangani; publik melihat isi tanpa identitas',
      'Verifiers and the handling department’s staff; the public sees the content without identity',
    ],
  },
  {
    activity: ['Akun warga', 'Resident accounts'],
    data: [
      'Nama, email, kata sandi (hash), telepon, afiliasi, organisasi, bahasa',
      'Name, email, password (hash), phone, affiliation, organisation, language',
    ],
    subjects: ['Warga dan pemangku kepentingan', 'Residents and stakeholders'],
    purpose: [
      'Masuk, mengikuti pengaduan, berpartisipasi dalam konsultasi',
      'Logging in, following complaints, taking part in consultations',
    ],
    basis: [
      'Permintaan subjek data (membuat akun); pelaksanaan tugas pelayanan publik',
      'The data subject’s request (creating an account); public-service task',
    ],
    retention: ['Sampai subjek data meminta penghapusan', 'Until the data subject asks for erasure'],
    recipients: ['Administrator portal', 'Portal administrators'],
  },
  {
    activity: ['Konsultasi publik', 'Public consultations'],
    data: [
      'Masukan, balasan, sikap, dukungan, laporan; nama dan afiliasi penulis',
      'Contributions, replies, stance, endorsements, reports; author’s name and affiliation',
    ],
    subjects: ['Peserta konsultasi', 'Consultation participants'],
    purpose: [
      'Menghimpun masukan masyarakat atas rancangan kebijakan dan menanggapinya',
      'Gathering and answering public input on draft policies',
    ],
    basis: PUBLIC_TASK,
    retention: [
      'Masukan disimpan sebagai catatan publik; identitas dihapus atas permintaan',
      'Contributions kept as public record; identity removed on request',
    ],
    recipients: [
      'Publik (isi, nama, afiliasi); petugas dinas (ekspor tanpa email/telepon)',
      'The public (text, name, affiliation); department staff (exports without email/phone)',
    ],
  },
  {
    activity: ['Akun petugas dan bukti kinerja', 'Staff accounts and performance evidence'],
    data: [
      'Nama, email, NIP, jabatan, dinas; tindakan atas pengaduan dan waktunya',
      'Name, email, NIP, position, department; actions on complaints and their times',
    ],
    subjects: ['Aparatur sipil negara', 'Civil servants'],
    purpose: [
      'Menangani pengaduan; laporan ketanggapan dan bukti penilaian kinerja',
      'Handling complaints; responsiveness reports and appraisal evidence',
    ],
    basis: PUBLIC_TASK,
    retention: ['Selama masa tugas; riwayat tindakan disimpan sebagai catatan', 'During service; the history of actions kept as record'],
    recipients: ['Atasan, pengelola SDM, administrator', 'Managers, HR, administrators'],
  },
  {
    activity: ['Notifikasi email', 'Email notifications'],
    data: ['Alamat email, isi pesan', 'Email address, message text'],
    subjects: ['Pelapor, peserta konsultasi, petugas', 'Reporters, consultation participants, staff'],
    purpose: ['Mengabarkan perkembangan pengaduan dan konsultasi', 'Reporting progress of complaints and consultations'],
    basis: PUBLIC_TASK,
    retention: [
      'Pesan belum terkirim dihapus saat penghapusan data; penerima pesan terkirim dihapus',
      'Unsent messages deleted on erasure; recipients of sent messages removed',
    ],
    recipients: ['Penyedia SMTP yang dikonfigurasi', 'The configured SMTP provider'],
  },
  {
    // Only where the WhatsApp channel is configured (docs/whatsapp.md).
    activity: ['Pengaduan dan pemberitahuan lewat WhatsApp', 'Complaints and notices over WhatsApp'],
    data: [
      'Nomor WhatsApp pelapor; jawaban percakapan (kategori, lokasi, uraian, foto, privasi); isi pesan balasan',
      'Reporter’s WhatsApp number; conversation answers (category, location, description, photos, privacy); reply texts',
    ],
    subjects: ['Pelapor yang menulis lewat WhatsApp', 'Reporters writing over WhatsApp'],
    purpose: ['Menerima pengaduan dan mengabari pelapor di WhatsApp', 'Receiving complaints and keeping the reporter informed on WhatsApp'],
    basis: PUBLIC_TASK,
    retention: [
      'Percakapan dihapus saat pengaduan dikirim, dibatalkan, atau 2 jam tanpa balasan; nomor pada pengaduan seperti data kontak ({contactMonths} bulan setelah ditutup); ID pesan 7 hari',
      'Conversations deleted when filed, cancelled or idle for 2 hours; the number on the complaint like contact data ({contactMonths} months after closing); message ids 7 days',
    ],
    recipients: [
      'Meta Platforms (WhatsApp Business Cloud API) sebagai pemroses pesan; petugas yang menangani',
      'Meta Platforms (WhatsApp Business Cloud API) as the processor of the messages; the handling staff',
    ],
  },
  {
    activity: ['Log audit', 'Audit log'],
    data: [
      'Waktu, pelaku (id), tindakan, objek (id/kode); tanpa data kontak',
      'Time, actor (id), action, object (id/code); no contact data',
    ],
    subjects: ['Semua pengguna', 'All users'],
    purpose: ['Akuntabilitas, keamanan, laporan insiden kebocoran data', 'Accountability, security, data breach reports'],
    basis: ['Kewajiban keamanan pengendali data (UU 27/2022)', 'The controller’s security duty (Law 27/2022)'],
    retention: ['Tidak dapat diubah (append-only)', 'Append-only'],
    recipients: ['Administrator', 'Administrators'],
  },
];

export function processingTable(
  lang: 'id' | 'en',
  months: { contactMonths: number; photoMonths: number },
  labels: Record<string, string>,
  generatedAt: Date,
): ExportTable {
  const i = lang === 'id' ? 0 : 1;
  const fill = (s: string) =>
    s.replace('{contactMonths}', String(months.contactMonths)).replace('{photoMonths}', String(months.photoMonths));
  const keys = ['activity', 'data', 'subjects', 'purpose', 'basis', 'retention', 'recipients'] as const;
  return {
    title: labels.title!,
    meta: [[labels.generated!, generatedAt.toISOString()]],
    columns: keys.map((k) => ({ key: k, label: labels[k]! })),
    rows: PROCESSING_ACTIVITIES.map((a) => Object.fromEntries(keys.map((k) => [k, fill(a[k][i])]))),
  };
}
