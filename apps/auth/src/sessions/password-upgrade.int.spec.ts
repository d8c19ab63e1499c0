import { randomBytes, scryptSync } from 'node:crypto';
import type { RequestContext } from '@uehub/contracts';
import { DEV_BOOTSTRAP_ADMIN } from '../bootstrap-admin';
import { openAuthFixture, type AuthFixture } from '../auth.fixture';
import { UserCommands } from '../users/user-commands.service';
import { credentials } from './credentials';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';

const PASSWORD = 'Upgrade-me-please-7';
const anonymous: RequestContext = { actor: { kind: 'anonymous', id: 'anonymous' }, correlationId: 'upgrade-test' };
const superadmin: RequestContext = { actor: { kind: 'user', id: '0190aaaa-0000-7000-8000-00000000000f', role: 'superadmin' }, correlationId: 'upgrade-test' };

/** A hash as the scrypt version stored it (`scrypt$<logN>$<r>$<p>$<salt>$<hash>`), cheap parameters. */
function legacyScrypt(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 64, { N: 2 ** 10, r: 8, p: 1 });
  return ['scrypt', 10, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashes', () => {
  let f: AuthFixture;
  let sessions: SessionService;
  let users: UserCommands;

  beforeAll(async () => {
    f = await openAuthFixture('auth_pw_upgrade');
    const app = await f.start();
    sessions = app.get(SessionService);
    users = app.get(UserCommands);
  });
  afterAll(() => f.close());

  const stored = async (userId: string) => (await credentials.read(f.orm.em.fork(), userId))!;
  const current = () => `$argon2id$v=19$m=${f.settings.argon2.memoryCost},p=${f.settings.argon2.parallelism},t=${f.settings.argon2.timeCost}$`;

  it('should store new passwords as argon2id with the parameters in the hash', async () => {
    const admin = await f.orm.em.fork().execute<{ id: string }[]>(`select id from auth.auth_user where email = ?`, [DEV_BOOTSTRAP_ADMIN.email]);
    expect((await stored(admin[0].id)).startsWith(current())).toBe(true);
  });

  describe('when a user was stored under older parameters', () => {
    it('should replace a scrypt hash at the next login, and the new hash should log in', async () => {
      const user = await users.create({ email: 'legacy.scrypt@example.com', password: PASSWORD, name: 'Legacy', role: 'worker' }, superadmin);
      const old = legacyScrypt(PASSWORD);
      await f.orm.em.fork().execute('update auth.auth_credentials set password_hash = ? where user_id = ?', [old, user.id]);

      await sessions.login(user.email, PASSWORD, anonymous);

      const upgraded = await stored(user.id);
      expect(upgraded.startsWith(current())).toBe(true);
      await expect(sessions.login(user.email, PASSWORD, anonymous)).resolves.toMatchObject({ tokenType: 'Bearer' });
      expect(await stored(user.id)).toBe(upgraded); // current parameters: no second rewrite
    });

    it('should replace an argon2id hash with weaker parameters at the next login', async () => {
      const user = await users.create({ email: 'legacy.argon@example.com', password: PASSWORD, name: 'Weak', role: 'worker' }, superadmin);
      const weak = new PasswordHasher({ ...f.settings, argon2: { memoryCost: 8192, timeCost: 1, parallelism: 1 } });
      const old = await weak.hash(PASSWORD);
      expect(old).toContain('m=8192,p=1,t=1');
      await f.orm.em.fork().execute('update auth.auth_credentials set password_hash = ? where user_id = ?', [old, user.id]);

      await sessions.login(user.email, PASSWORD, anonymous);

      expect((await stored(user.id)).startsWith(current())).toBe(true);
    });

    it('should keep the old hash when the login fails', async () => {
      const user = await users.create({ email: 'legacy.wrong@example.com', password: PASSWORD, name: 'Wrong', role: 'worker' }, superadmin);
      const old = legacyScrypt(PASSWORD);
      await f.orm.em.fork().execute('update auth.auth_credentials set password_hash = ? where user_id = ?', [old, user.id]);

      await expect(sessions.login(user.email, 'Not-the-password-1', anonymous)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

      expect(await stored(user.id)).toBe(old);
    });
  });
});
