import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { AUTH_SETTINGS, type AuthSettings } from '../auth-settings';
import { isScryptHash, verifyScrypt } from './legacy-scrypt';

const ARGON2ID_PREFIX = '$argon2id$';

/**
 * argon2id hashes in PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): the parameters travel
 * with the hash, so a hash made under older parameters (or an old scrypt hash) is recognised and
 * replaced at the next successful login. Callers hash outside database transactions.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly params: AuthSettings['argon2'];
  /** A hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
  private dummy?: Promise<string>;

  constructor(@Inject(AUTH_SETTINGS) settings: AuthSettings) {
    this.params = settings.argon2;
  }

  onModuleInit(): void {
    // made up front, so the first unknown-email login costs what any other does
    this.dummy = this.hash('dummy-password-for-timing');
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFKC'), { type: argon2id, ...this.params });
  }

  async verify(password: string, stored: string): Promise<boolean> {
    if (isScryptHash(stored)) return verifyScrypt(password, stored);
    if (!stored.startsWith(ARGON2ID_PREFIX)) return false;
    return verify(stored, password.normalize('NFKC'));
  }

  /** True when the stored hash was made with another scheme or other parameters than today's. */
  needsRehash(stored: string): boolean {
    return !stored.startsWith(ARGON2ID_PREFIX) || needsRehash(stored, this.params);
  }

  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('dummy-password-for-timing');
    await this.verify(password, await this.dummy);
    return false;
  }
}
