// Tracking codes, access keys and phone numbers.
import { describe, expect, it } from 'vitest';
import {
  accessKeyMatches,
  generateAccessKey,
  generateTrackingCode,
  hashAccessKey,
  normaliseTrackingCode,
  TRACKING_CODE_PATTERN,
} from '../../src/server/complaints/complaint-codes.ts';
import { normaliseIndonesianPhone } from '../../src/server/complaints/phone.ts';

describe('tracking codes and access keys', () => {
  it('makes codes like PLG-26-7K3Q9X from an unambiguous alphabet, different each time', () => {
    const codes = new Set(Array.from({ length: 500 }, () => generateTrackingCode('PLG', 2026)));
    expect(codes.size).toBe(500);
    for (const c of codes) {
      expect(c).toMatch(TRACKING_CODE_PATTERN);
      expect(c.startsWith('PLG-26-')).toBe(true);
      expect(c.slice(7)).not.toMatch(/[01OIL]/);
    }
  });

  it('accepts a typed code in lower case with spaces', () => {
    expect(normaliseTrackingCode(' plg-26-7k3q9x ')).toBe('PLG-26-7K3Q9X');
    expect(normaliseTrackingCode('plg 26 7k3q9x')).toBe('PLG-26-7K3Q9X');
    expect(normaliseTrackingCode('PLG267K3Q9X')).toBe('PLG-26-7K3Q9X');
    expect(normaliseTrackingCode('jkt - 26 - 7k3q9x')).toBe('JKT-26-7K3Q9X');
    expect(normaliseTrackingCode('PLG-26-7K3Q9')).toBeNull();
    expect(normaliseTrackingCode('PLG-26-7K3Q9XX')).toBeNull();
    expect(normaliseTrackingCode('PLG-26-7K3Q0X')).toBeNull();
    expect(normaliseTrackingCode('../etc/passwd')).toBeNull();
  });

  it('checks an access key against its hash only, however it is typed', () => {
    const key = generateAccessKey();
    const hash = hashAccessKey(key);
    expect(hash).not.toContain(key);
    expect(accessKeyMatches(key, hash)).toBe(true);
    expect(accessKeyMatches(key.toLowerCase().replaceAll('-', ' '), hash)).toBe(true);
    expect(accessKeyMatches(generateAccessKey(), hash)).toBe(false);
  });
});

describe('phone numbers', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['(0711) 352 000', '+62711352000'],
  ])('%s → %s', (input, out) => {
    expect(normaliseIndonesianPhone(input)).toBe(out);
  });

  it.each(['12345', '+1 202 555 0100', '0812', '08abc', '+620812345678'])('refuses %s', (input) => {
    expect(normaliseIndonesianPhone(input)).toBeNull();
  });
});
