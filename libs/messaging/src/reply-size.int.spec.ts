import { MAX_PAGE_BYTES } from '@uehub/contracts';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { fitPage } from './reply-size';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

describe('reply size', () => {
  let nc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'reply-size-test');
    const prefix = testSubjectPrefix('replysize');
    const noTokens = { verify: () => Promise.reject(new Error('no tokens in this test')) };
    server = new RpcServer(nc, prefix, 'auth', noTokens);
    client = new RpcClient(nc, prefix, 2000);
    server.serve({
      // a reply over the server's maximum payload (1 MB by default): respond() would throw
      'auth.users.get': async ({ id }) => ({ id, email: id === 'huge' ? 'x'.repeat(2 * 1024 * 1024) : `${id}@example.com` }) as never,
    });
  });
  afterAll(async () => {
    await server.close();
    await drainNats(nc);
  });

  const call = (id: string) => client.call('auth.users.get', { id }, { correlationId: 'c-size' });

  it('should answer a reply over the bus maximum with RESULT_TOO_LARGE, and keep serving', async () => {
    await expect(call('huge')).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE' });
    await expect(call('u2')).resolves.toEqual({ id: 'u2', email: 'u2@example.com' });
  });

  it('should cut a page by bytes as well as rows, and always make progress', () => {
    const row = (i: number) => ({ i, text: 'é'.repeat(10_000) }); // about 20 kB of UTF-8
    const rows = Array.from({ length: 101 }, (_, i) => row(i));
    const page = fitPage(rows, 100, (r) => `after-${r.i}`);
    expect(Buffer.byteLength(JSON.stringify(page.items))).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    expect(page.items.length).toBe(13); // 13 rows of 20 kB fit in 256 kB, 14 do not
    expect(page.nextCursor).toBe('after-12');
    expect(fitPage([row(0), row(1)], 5, (r) => `after-${r.i}`, 10)).toEqual({ items: [row(0)], nextCursor: 'after-0' });
    expect(fitPage([row(0), row(1)], 5, (r) => `after-${r.i}`)).toEqual({ items: [row(0), row(1)], nextCursor: null });
    expect(fitPage([row(0), row(1)], 1, (r) => `after-${r.i}`)).toEqual({ items: [row(0)], nextCursor: 'after-0' });
  });
});
