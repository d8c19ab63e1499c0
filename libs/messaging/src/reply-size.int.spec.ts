import { MAX_PAGE_BYTES } from '@uehub/contracts';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { AppError } from '@uehub/errors';
import { EncodedJson, encodePage, fitPage } from './encoded-json';
import { encodedDataOf, replyText } from './reply-size';
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
      'auth.users.get': async ({ id }) => {
        if (id === 'missing') throw new AppError('NOT_FOUND', 'No such user');
        // encoded by the handler, spaced unlike JSON.stringify: the bytes must arrive as they are
        if (id === 'encoded') return new EncodedJson('{ "id": "encoded",  "email": "e@example.com" }') as never;
        if (id === 'huge-encoded') return new EncodedJson(JSON.stringify({ id, email: 'x'.repeat(2 * 1024 * 1024) })) as never;
        return { id, email: id === 'huge' ? 'x'.repeat(2 * 1024 * 1024) : `${id}@example.com` } as never;
      },
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

  it('should carry JSON a handler encoded byte for byte to callEncoded, and decode it for call', async () => {
    const encoded = await client.callEncoded('auth.users.get', { id: 'encoded' }, { correlationId: 'c-enc' });
    expect(encoded.json).toBe('{ "id": "encoded",  "email": "e@example.com" }');
    await expect(call('encoded')).resolves.toEqual({ id: 'encoded', email: 'e@example.com' });
    // data the handler did not encode comes back as JSON.stringify gives it
    expect((await client.callEncoded('auth.users.get', { id: 'u4' }, { correlationId: 'c-enc' })).json).toBe('{"id":"u4","email":"u4@example.com"}');
  });

  it('should keep the reply-size guard and the error codes for encoded answers', async () => {
    await expect(client.callEncoded('auth.users.get', { id: 'huge-encoded' }, { correlationId: 'c-enc' })).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE' });
    await expect(client.callEncoded('auth.users.get', { id: 'missing' }, { correlationId: 'c-enc' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should write the data last in a reply, after "replayed", so that it can be cut out unparsed', () => {
    const data = new EncodedJson<{ a: number }>('{"a":1}');
    expect(replyText({ ok: true, data })).toBe('{"ok":true,"data":{"a":1}}');
    expect(replyText({ ok: true, data, replayed: true })).toBe('{"ok":true,"replayed":true,"data":{"a":1}}');
    expect(replyText({ ok: true, data: { a: 1 } as never, replayed: true })).toBe('{"ok":true,"replayed":true,"data":{"a":1}}');
    expect(replyText({ ok: true, data: undefined as never })).toBe('{"ok":true}');
    expect(encodedDataOf('{"ok":true,"data":{"a":1}}')).toBe('{"a":1}');
    expect(encodedDataOf('{"ok":true,"replayed":true,"data":{"a":1}}')).toBeUndefined();
    expect(encodedDataOf('{"ok":false,"error":{"code":"NOT_FOUND"}}')).toBeUndefined();
  });

  it('should encode a page byte for byte as JSON.stringify of the same fitPage, cut by bytes and rows alike', () => {
    const row = (i: number) => ({ i, text: 'é'.repeat(10_000), at: '2026-11-28T04:30:00.123Z' });
    const rows = Array.from({ length: 101 }, (_, i) => row(i));
    const cursorOf = (r: { i: number }) => `after-${r.i}`;
    for (const [limit, maxBytes] of [[100, undefined], [5, 10], [5, undefined], [1, undefined], [200, undefined]] as const) {
      const encoded = encodePage(rows.slice(0, limit === 5 ? 2 : rows.length), limit, cursorOf, maxBytes);
      const page = fitPage(rows.slice(0, limit === 5 ? 2 : rows.length), limit, cursorOf, maxBytes);
      expect(encoded.json).toBe(JSON.stringify(page));
      expect(encoded.count).toBe(page.items.length);
    }
  });
});
