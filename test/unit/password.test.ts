import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/server/auth/password.ts';

describe('password hashing', () => {
  it('uses Argon2id with the OWASP cost and verifies only the right password', async () => {
    const h = await hashPassword('kata sandi yang panjang');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'kata sandi yang panjang')).toBe(true);
    expect(await verifyPassword(h, 'kata sandi yang salah')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await hashPassword('kata sandi yang panjang')).not.toBe(h);
  });
});
