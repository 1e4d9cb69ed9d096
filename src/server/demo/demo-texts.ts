// Texts of the demo's public responses and resolutions, so the timelines and the appraisal evidence's
// example cases read like real handling. Chosen from the complaint's own submission time, never from the
// demo's random stream, so every other demo figure stays the same for a given seed. Synthetic.
const RESPONSES = [
  'Terima kasih atas laporannya. Petugas kami akan meninjau lokasi dalam minggu ini.',
  'Laporan sudah kami terima dan diteruskan ke tim lapangan untuk pengecekan.',
  'Kami sudah menjadwalkan pemeriksaan lokasi. Mohon kesediaan Bapak/Ibu bila dihubungi petugas.',
  'Terima kasih. Tim kami sedang mengumpulkan data dan akan memberi kabar perkembangan di sini.',
  'Laporan ini kami catat sebagai prioritas. Petugas akan datang ke lokasi dalam beberapa hari kerja.',
  'Kami sedang berkoordinasi dengan kelurahan setempat untuk menindaklanjuti laporan ini.',
];
const RESOLUTIONS = [
  'Petugas sudah menangani di lokasi. Mohon konfirmasi bila masalah masih terjadi.',
  'Perbaikan sudah selesai dikerjakan oleh tim lapangan. Terima kasih atas laporannya.',
  'Sudah ditindaklanjuti: lokasi telah dibersihkan dan diperiksa kembali oleh petugas.',
  'Pekerjaan selesai hari ini. Foto hasil pekerjaan tersimpan pada arsip dinas.',
  'Masalah sudah diatasi bersama kelurahan. Silakan laporkan kembali bila terulang.',
  'Tim kami sudah memperbaiki dan memastikan kondisi aman. Terima kasih atas kesabarannya.',
];
/** What a "fast closer" writes: the same two lines every time, minutes apart. */
export const TEMPLATE_RESPONSE = 'Laporan diterima.';
export const TEMPLATE_RESOLUTION = 'Sudah ditindaklanjuti.';

const pick = (list: readonly string[], key: number, salt: number) => list[Math.abs(Math.floor(key / 1000) + salt) % list.length]!;

export function demoResponse(submittedAt: number, round = 0): string {
  return pick(RESPONSES, submittedAt, round * 3);
}

export function demoResolution(submittedAt: number, round = 0): string {
  return pick(RESOLUTIONS, submittedAt, 1 + round * 2);
}
