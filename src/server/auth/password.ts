// Argon2id password hashing (@node-rs/argon2, whose default algorithm is Argon2id) with the
// OWASP-recommended cost: 19 MiB memory, 2 iterations, 1 lane.
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}
