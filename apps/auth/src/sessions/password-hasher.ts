import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
/** scrypt cost: N=2^15, r=8, p=1 (OWASP minimum is N=2^17 for r=8 with ~64 MiB; tune with SCRYPT_LOG_N). */
const DEFAULT_LOG_N = 15;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Salted scrypt hashes in a self-describing string: `scrypt$<logN>$<r>$<p>$<salt>$<hash>`. */
@Injectable()
export class PasswordHasher {
  private readonly logN = Number(process.env.SCRYPT_LOG_N ?? DEFAULT_LOG_N);
  /** A hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
  private dummy?: Promise<string>;

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, { N: 2 ** this.logN, r: 8, p: 1 });
    return ['scrypt', this.logN, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, logN, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await derive(password, Buffer.from(salt, 'base64url'), { N: 2 ** Number(logN), r: Number(r), p: Number(p) });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('dummy-password-for-timing');
    await this.verify(password, await this.dummy);
    return false;
  }
}
