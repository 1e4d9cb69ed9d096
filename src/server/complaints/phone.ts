// Indonesian phone numbers normalised to +62… (0812-3456-7890, 62 812…, +62 812… all become +6281234567890).

/** The number in +62 form, or null when it is not an Indonesian number. */
export function normaliseIndonesianPhone(input: string): string | null {
  const s = input.trim().replace(/[\s\-.()]/g, '');
  let rest: string;
  if (s.startsWith('+62')) rest = s.slice(3);
  else if (s.startsWith('62')) rest = s.slice(2);
  else if (s.startsWith('0')) rest = s.slice(1);
  else return null;
  if (!/^[1-9]\d{6,11}$/.test(rest)) return null;
  return `+62${rest}`;
}
