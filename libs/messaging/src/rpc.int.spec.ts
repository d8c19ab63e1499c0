import { AppError } from '@uehub/errors';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

describe('request/reply over NATS', () => {
  let nc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'rpc-test');
    const prefix = testSubjectPrefix('rpc');
    const unreachable = (error: unknown) =>
      error instanceof Error && error.message === 'ECONNREFUSED' ? new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable') : undefined;
    server = new RpcServer(nc, prefix, 'auth', unreachable);
    client = new RpcClient(nc, prefix, 500);
    server.serve({
      'auth.users.get': async ({ id }, context) => {
        if (id === 'missing') throw new AppError('NOT_FOUND', 'No such user');
        if (id === 'crash') throw new Error('secret internals');
        if (id === 'db-down') throw new Error('ECONNREFUSED');
        return { id, email: `${context?.actor.id}@example.com` } as never;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await drainNats(nc);
  });

  const call = (id: string) => client.call('auth.users.get', { id }, { actor: { kind: 'system', id: 'caller' }, correlationId: 'c-1' });

  it('should answer with the handler result and pass the caller context', async () => {
    await expect(call('u1')).resolves.toEqual({ id: 'u1', email: 'caller@example.com' });
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
