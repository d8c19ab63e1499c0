import type { AccessClaims } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

/** Stands in for the token verifier: one token is valid, everything else is refused. */
const tokens = {
  verify: async (token: string): Promise<AccessClaims> => {
    if (token === 'manager-token') return { sub: 'u-manager', role: 'manager', name: 'Manager' };
    throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
  },
};

describe('request/reply over NATS', () => {
  let nc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;
  let prefix: string;

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'rpc-test');
    prefix = testSubjectPrefix('rpc');
    const unreachable = (error: unknown) =>
      error instanceof Error && error.message === 'ECONNREFUSED' ? new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable') : undefined;
    server = new RpcServer(nc, prefix, 'auth', tokens, unreachable);
    client = new RpcClient(nc, prefix, 5_000);
    server.serve({
      'auth.users.get': async ({ id }, context) => {
        if (id === 'missing') throw new AppError('NOT_FOUND', 'No such user');
        if (id === 'crash') throw new Error('secret internals');
        if (id === 'db-down') throw new Error('ECONNREFUSED');
        const actor = context?.actor;
        return { id, email: `${actor?.kind}:${actor?.id}:${actor?.kind === 'user' ? actor.role : '-'}@example.com` } as never;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await drainNats(nc);
  });

  const call = (id: string) => client.call('auth.users.get', { id }, { token: 'manager-token', correlationId: 'c-1' });
  const raw = async (subject: string, message: unknown) => JSON.parse((await nc.request(subject, JSON.stringify(message), { timeout: 5_000 })).string());

  it('should answer with the handler result and the caller the server verified', async () => {
    await expect(call('u1')).resolves.toEqual({ id: 'u1', email: 'user:u-manager:manager@example.com' });
  });

  it('should never take the actor from the message', async () => {
    const forged = { context: { actor: { kind: 'system', id: 'inventory' }, correlationId: 'c' }, payload: { id: 'u1' } };
    expect(await raw(`${prefix}.rpc.auth.users.get`, forged)).toEqual({ ok: true, data: { id: 'u1', email: 'anonymous:anonymous:-@example.com' } });
    const claimed = { auth: { token: 'manager-token' }, context: { actor: { kind: 'user', id: 'root', role: 'superadmin' } }, payload: { id: 'u1' } };
    expect(await raw(`${prefix}.rpc.auth.users.get`, claimed)).toMatchObject({ ok: true, data: { email: 'user:u-manager:manager@example.com' } });
  });

  it('should refuse a token that does not verify, whatever else the message says', async () => {
    await expect(client.call('auth.users.get', { id: 'u1' }, { token: 'forged' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await raw(`${prefix}.rpc.auth.users.get`, { auth: { token: 42 }, payload: { id: 'u1' } })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('should name a service principal from its subject, and serve it only the patterns listed for it', async () => {
    const inventory = new RpcClient(nc, prefix, 5_000, 'inventory');
    await expect(inventory.call('auth.users.get', { id: 'u1' }, { token: 'manager-token' })).resolves.toEqual({
      id: 'u1',
      email: 'system:inventory:-@example.com',
    });
    await expect(new RpcClient(nc, prefix, 5_000, 'audit').call('auth.users.get', { id: 'u1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // nobody listens for a pattern the table does not list for a principal
    await expect(raw(`${prefix}.svc.audit.auth.users.get`, { payload: { id: 'u1' } })).rejects.toThrow();
  });

  it('should carry an expected error with its code', async () => {
    await expect(call('missing')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such user' });
  });

  it('should hide an unexpected error behind INTERNAL', async () => {
    const error: unknown = await call('crash').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(String((error as Error).message)).not.toContain('secret');
  });

  it('should report a classified infrastructure failure as SERVICE_UNAVAILABLE', async () => {
    await expect(call('db-down')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('should report SERVICE_UNAVAILABLE when no service answers', async () => {
    await expect(client.call('inventory.items.get', { id: 'x' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
