import { scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Verifies the scrypt hashes written before argon2id (`scrypt$<logN>$<r>$<p>$<salt>$<hash>`).
 * Never used to hash: a user's scrypt hash is replaced at their next successful login.
 */
export async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      Buffer.from(salt, 'base64url'),
      expected.length,
      { N: 2 ** Number(logN), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    ),
  );
  return timingSafeEqual(key, expected);
}

export function isScryptHash(stored: string): boolean {
  return stored.startsWith('scrypt$');
}
