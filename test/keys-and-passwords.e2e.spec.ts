import { decodeProtectedHeader } from 'jose';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

describe('signing keys and password rules through the gateway', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;

  beforeAll(async () => {
    system = await startSystem('e2e_keys');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  describe('when a password is set', () => {
    const create = (password: string) =>
      api('POST', '/api/v1/users', { token: superToken, body: { email: `pw.${password.length}@example.com`, password, name: 'Pw', role: 'worker' } });

    it('should refuse a short or common password with 400 and the reason', async () => {
      for (const [password, message] of [
        ['Short-pw-1!', 'must be at least 12 characters'],
        ['qwerty123456', 'is one of the most common passwords; choose another'],
      ]) {
        const refused = await create(password);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'password', message }] });
      }
    });

    it('should refuse a common new password on a password change, and not answer 400 to a short login', async () => {
      const user = await api('POST', '/api/v1/users', {
        token: superToken,
        body: { email: 'changer@example.com', password: PASSWORD, name: 'Changer', role: 'worker' },
      });
      expect(user.status).toBe(201);
      const token = await login(api, 'changer@example.com', PASSWORD);
      const refused = await api('POST', '/api/v1/me/password', { token, body: { currentPassword: PASSWORD, newPassword: '1q2w3e4r5t6y' } });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'newPassword' }] });
      const short = await api('POST', '/api/v1/auth/login', { body: { email: 'changer@example.com', password: 'short' } });
      expect(short.status).toBe(401);
      expect(short.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('when a superadmin rotates the signing key', () => {
    it('should sign new tokens with the new key while tokens of the old key keep working', async () => {
      const before = await api('GET', '/api/v1/ops/signing-keys', { token: superToken });
      expect(before.status).toBe(200);
      expect(before.body.items).toEqual([expect.objectContaining({ current: true, retiredAt: null })]);
      const oldKid = before.body.items[0].kid;
      expect(decodeProtectedHeader(superToken).kid).toBe(oldKid);

      const rotated = await api('POST', '/api/v1/ops/signing-keys/rotate', { token: superToken });
      expect(rotated.status).toBe(201);
      expect(rotated.body.kid).not.toBe(oldKid);

      const fresh = await login(api, system.admin.email, system.admin.password);
      expect(decodeProtectedHeader(fresh).kid).toBe(rotated.body.kid);
      expect((await api('GET', '/api/v1/me', { token: fresh })).status).toBe(200); // a kid the gateway had not seen
      expect((await api('GET', '/api/v1/me', { token: superToken })).status).toBe(200); // the old key still verifies
      const after = await api('GET', '/api/v1/ops/signing-keys', { token: fresh });
      expect(after.body.items.map((k) => [k.kid, k.current, k.retiredAt])).toEqual([
        [rotated.body.kid, true, null],
        [oldKid, false, null],
      ]);
    });

    it('should retire the previous keys at once with retirePrevious, and refuse a bad body', async () => {
      const rotated = await api('POST', '/api/v1/ops/signing-keys/rotate', { token: superToken, body: { retirePrevious: true } });
      expect(rotated.status).toBe(201);
      expect(rotated.body.retired).toHaveLength(2);
      const fresh = await login(api, system.admin.email, system.admin.password);
      const keys = await api('GET', '/api/v1/ops/signing-keys', { token: fresh });
      expect(keys.body.items.map((k) => [k.kid, k.current, k.retiredAt === null])).toEqual([
        [rotated.body.kid, true, true],
        [rotated.body.retired[0], false, false],
        [rotated.body.retired[1], false, false],
      ]);
      const bad = await api.untyped('POST', '/api/v1/ops/signing-keys/rotate', { token: fresh, body: { retirePrevious: 'yes' } });
      expect(bad.status).toBe(400);
      superToken = fresh;
    });

    it('should let only a superadmin see or rotate keys', async () => {
      await api('POST', '/api/v1/users', { token: superToken, body: { email: 'plain.admin@example.com', password: PASSWORD, name: 'Admin', role: 'admin' } });
      const admin = await login(api, 'plain.admin@example.com', PASSWORD);
      expect((await api('POST', '/api/v1/ops/signing-keys/rotate', { token: admin })).status).toBe(403);
      expect((await api('GET', '/api/v1/ops/signing-keys', { token: admin })).status).toBe(403);
    });
  });
});
