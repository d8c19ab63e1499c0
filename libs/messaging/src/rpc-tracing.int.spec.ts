import { context, SpanKind, trace } from '@opentelemetry/api';
import type { AccessClaims } from '@uehub/contracts';
import { inSpan } from '@uehub/observability';
import { startTestTracing, testServers, testSubjectPrefix, type TestTracing } from '@uehub/testing';
import { connectNats, drainNats, type NatsConnection } from './nats-connection';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';

const tokens = { verify: async (): Promise<AccessClaims> => ({ sub: 'u-1', role: 'manager', name: 'Manager' }) };

// The request/reply hop in one trace: the client's span travels as W3C `traceparent` in the
// NATS message headers, and the server's span (active while the handler runs) is its child.
describe('trace context over NATS request/reply', () => {
  let tracing: TestTracing;
  let nc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;
  const seenByHandler: Array<string | undefined> = [];

  beforeAll(async () => {
    tracing = startTestTracing();
    nc = await connectNats(testServers().natsUrl, 'rpc-tracing-test');
    const prefix = testSubjectPrefix('rpc_tracing');
    server = new RpcServer(nc, prefix, 'auth', tokens);
    client = new RpcClient(nc, prefix, 5_000);
    server.serve({
      'auth.users.get': async ({ id }) => {
        seenByHandler.push(trace.getSpan(context.active())?.spanContext().spanId);
        return { id } as never;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await drainNats(nc);
    await tracing.stop();
  });

  it('should make the server span a child of the client span, in the caller trace, active in the handler', async () => {
    await inSpan('test request', { kind: SpanKind.INTERNAL }, () => client.call('auth.users.get', { id: 'u1' }, { correlationId: 'c-trace' }));
    const spans = tracing.spans();
    const root = spans.find((span) => span.name === 'test request')!;
    const clientSpan = spans.find((span) => span.name === 'call auth.users.get')!;
    const serverSpan = spans.find((span) => span.name === 'handle auth.users.get')!;
    expect([clientSpan.kind, serverSpan.kind]).toEqual([SpanKind.CLIENT, SpanKind.SERVER]);
    expect(clientSpan.parentSpanId).toBe(root.spanId);
    expect(serverSpan.parentSpanId).toBe(clientSpan.spanId);
    expect(new Set([root.traceId, clientSpan.traceId, serverSpan.traceId]).size).toBe(1);
    expect(seenByHandler).toEqual([serverSpan.spanId]);
    expect(serverSpan.attributes).toEqual({ 'rpc.system': 'nats', 'rpc.method': 'auth.users.get' });
  });
});
