import type { RpcReply } from '@uehub/contracts';
import type { NatsConnection } from '@uehub/messaging';
import { generateKeyPair, SignJWT } from 'jose';
import { SigningKeys } from '../apps/auth/src/sessions/signing-keys';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Issue 6: nobody on the bus is superadmin. A process with a valid NATS connection (here the
 * gateway's own credentials, the widest a service call can have) sends `auth.users.update`
 * making a worker superadmin with every kind of forged identity; auth refuses each one and
 * the user is unchanged.
 */
describe('identity forged on the bus', () => {
  let system: RunningSystem;
  let api: Api;
  let superToken: string;
  let worker: Person;
  let nc: NatsConnection;

  beforeAll(async () => {
    system = await startSystem('e2e_forged');
    api = apiClient(system.baseUrl);
    superToken = await login(api, system.admin.email, system.admin.password);
    const created = await api('POST', '/api/v1/users', {
      token: superToken,
      body: { email: 'wanda.worker@example.com', password: PASSWORD, name: 'Wanda Worker', role: 'worker' },
    });
    worker = { user: created.body, token: await login(api, 'wanda.worker@example.com', PASSWORD) };
    nc = await system.connectNats('gateway');
  });
  afterAll(async () => {
    await nc?.drain();
    await system.stop();
  });

  const send = async (message: Record<string, unknown>) => {
    const payload = { id: worker.user.id, patch: { role: 'superadmin' } };
    const reply = await nc.request(`${system.prefix}.rpc.auth.users.update`, JSON.stringify({ payload, ...message }), { timeout: 5000 });
    return JSON.parse(reply.string()) as RpcReply<'auth.users.update'>;
  };
  const refusal = (reply: RpcReply<'auth.users.update'>) => (reply.ok ? 'APPLIED' : reply.error.code);
  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return { sub: worker.user.id, role: 'superadmin', name: 'Eve', iss: 'uehub-auth', aud: 'uehub', iat: now, exp: now + 600 };
  };
  const superadmin = () => ({ kind: 'user', id: worker.user.id, role: 'superadmin', name: 'Eve' });

  it('should refuse the old message shape with a system or superadmin actor (no token)', async () => {
    expect(refusal(await send({ context: { actor: { kind: 'system', id: 'inventory' }, correlationId: 'forged-1' } }))).toBe('UNAUTHENTICATED');
    expect(refusal(await send({ context: { actor: superadmin(), correlationId: 'forged-2' } }))).toBe('UNAUTHENTICATED');
  });

  it("should judge a worker's own token by the token, not by a context claiming superadmin", async () => {
    expect(refusal(await send({ auth: { token: worker.token }, context: { actor: superadmin(), correlationId: 'forged-3' } }))).toBe('FORBIDDEN');
  });

  it('should refuse an expired token signed with the real key', async () => {
    const { kid, key } = await system.service('auth').get(SigningKeys).signingKey();
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ role: 'superadmin', name: 'Eve' })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(worker.user.id)
      .setIssuer('uehub-auth')
      .setAudience('uehub')
      .setIssuedAt(past)
      .setExpirationTime(past + 900)
      .sign(key);
    expect(refusal(await send({ auth: { token: expired } }))).toBe('UNAUTHENTICATED');
  });

  it("should refuse a tampered token (the worker's token with its role changed)", async () => {
    const [header, payload, signature] = worker.token.split('.');
    const raised = b64({ ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), role: 'superadmin' });
    expect(refusal(await send({ auth: { token: `${header}.${raised}.${signature}` } }))).toBe('UNAUTHENTICATED');
  });

  it('should refuse an alg none token and one signed by a key of its own under the real kid', async () => {
    const { kid } = await system.service('auth').get(SigningKeys).signingKey();
    expect(refusal(await send({ auth: { token: `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.` } }))).toBe('UNAUTHENTICATED');
    const own = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const impostor = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(own.privateKey);
    expect(refusal(await send({ auth: { token: impostor } }))).toBe('UNAUTHENTICATED');
  });

  it('should leave the worker a worker, at the version it had', async () => {
    const read = await api('GET', `/api/v1/users/${worker.user.id}`, { token: superToken });
    expect(read.body).toMatchObject({ id: worker.user.id, role: 'worker', version: worker.user.version });
    const supers = await api('GET', '/api/v1/users?role=superadmin&limit=50', { token: superToken });
    expect(supers.body.items.map((u) => u.email)).toEqual([system.admin.email]);
  });
});
