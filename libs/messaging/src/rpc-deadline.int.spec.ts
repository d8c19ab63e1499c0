import type { AccessClaims, RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { TcpProxy, testServers, testSubjectPrefix } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { deadlineBudgetMs, RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

const tokens = { verify: async (): Promise<AccessClaims> => Promise.reject(new AppError('UNAUTHENTICATED', 'no tokens here')) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RPC deadlines and failures a client can act on', () => {
  let nc: NatsConnection;
  let server: RpcServer;
  let prefix: string;
  const seen: RequestContext[] = [];

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'rpc-deadline-test');
    prefix = testSubjectPrefix('rpc_deadline');
    server = new RpcServer(nc, prefix, 'auth', tokens);
    server.serve({
      'auth.users.get': async ({ id }, context) => {
        seen.push(context!);
        await sleep(Number(id));
        return { id } as never;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await drainNats(nc);
  });

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: AppError) => error.code);

  it('should send a deadline a margin before the timeout', async () => {
    const before = Date.now();
    await new RpcClient(nc, prefix, 3_000).call('auth.users.get', { id: '0' });
    const deadline = seen[seen.length - 1].deadline!;
    expect(deadlineBudgetMs(3_000)).toBe(2_400);
    expect(deadline - before).toBeGreaterThanOrEqual(2_400);
    expect(deadline - Date.now()).toBeLessThanOrEqual(2_400);
  });

  it('should not start work whose deadline has passed', async () => {
    const handled = seen.length;
    const reply = await nc.request(`${prefix}.rpc.auth.users.get`, JSON.stringify({ context: { correlationId: 'late', deadline: Date.now() - 1 }, payload: { id: '0' } }), { timeout: 1000 });
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'SERVICE_TIMEOUT', status: 503 } });
    expect(seen.length).toBe(handled);
  });

  it('should tell "nobody answered" (SERVICE_UNAVAILABLE, safe to retry) from "no answer in time" (SERVICE_TIMEOUT, may have been applied)', async () => {
    const client = new RpcClient(nc, prefix, 500);
    expect(await codeOf(client.call('inventory.items.get', { id: 'x' }))).toBe('SERVICE_UNAVAILABLE');
    expect(await codeOf(client.call('auth.users.get', { id: '900' }))).toBe('SERVICE_TIMEOUT');
  });

  describe('when the connection drops while a request waits', () => {
    it('should fail it at once (SERVICE_TIMEOUT: it may have been applied), and refuse new calls (SERVICE_UNAVAILABLE) until reconnected', async () => {
      const proxy = new TcpProxy('127.0.0.1', Number(new URL(testServers().natsUrl).port || 4222));
      const port = await proxy.open();
      const cut = await connectNats(`nats://127.0.0.1:${port}`, 'rpc-deadline-cut');
      try {
        const client = new RpcClient(cut, prefix, 10_000);
        const started = Date.now();
        const waiting = codeOf(client.call('auth.users.get', { id: '3000' }));
        await sleep(200);
        await proxy.cut();
        expect(await waiting).toBe('SERVICE_TIMEOUT');
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(await codeOf(client.call('auth.users.get', { id: '0' }))).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await proxy.cut();
        await cut.close();
      }
    });
  });
});
