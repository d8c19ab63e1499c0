import { SpanKind } from '@opentelemetry/api';
import { captureLogs, eventually, startTestTracing, type CapturedLogs, type SpanSummary, type TestTracing } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { createItem, move } from './support/inventory';
import { startSystem, type RunningSystem } from './support/system';

/** The spans of one trace from `leaf` up to its root, leaf first. */
function ancestry(spans: SpanSummary[], leaf: SpanSummary): SpanSummary[] {
  const chain = [leaf];
  for (let parent = leaf.parentSpanId; parent !== undefined; ) {
    const span = spans.find((candidate) => candidate.spanId === parent);
    if (!span) break;
    chain.push(span);
    parent = span.parentSpanId;
  }
  return chain;
}

// One movement through the gateway is one trace: the gateway's HTTP span, the request/reply hop
// over NATS (traceparent in the message headers), inventory's command transaction, the relay's
// publish (the trace context kept on the outbox row, traceparent in the JetStream headers) and
// the audit consumer's record, each the child of the one before. Every service runs in this
// process, tracing into memory.
describe('one trace per request across the bus', () => {
  let tracing: TestTracing;
  let logs: CapturedLogs;
  let system: RunningSystem;
  let api: Api;
  let token: string;

  beforeAll(async () => {
    tracing = startTestTracing();
    logs = captureLogs('info');
    system = await startSystem('e2e_tracing');
    api = apiClient(system.baseUrl);
    token = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(async () => {
    await system?.stop();
    logs.stop();
    await tracing.stop();
  });

  it('should trace a movement from the gateway through inventory, its transaction and the relay to the audit record', async () => {
    const item = await createItem(api, token, { qty: 0 });
    const audited = (type: string) => tracing.spans().find((span) => span.name === `process ${type}` && span.attributes['messaging.consumer.group.name'] === 'audit');
    await eventually(async () => audited('inventory.item.created'), 15_000, 'the creation audited');
    tracing.reset();

    await move(api, token, item.id, { kind: 'receive', quantity: 5, reason: 'delivery' });

    const record = await eventually(async () => audited('inventory.stock.received'), 15_000, 'the movement audited');
    const spans = tracing.spans();
    const chain = ancestry(spans, record).reverse();
    expect(chain.map(({ name, kind }) => ({ name, kind }))).toEqual([
      { name: 'POST /api/v1/inventory/items/:id/movements', kind: SpanKind.SERVER },
      { name: 'call inventory.items.move', kind: SpanKind.CLIENT },
      { name: 'handle inventory.items.move', kind: SpanKind.SERVER },
      { name: 'transaction inventory', kind: SpanKind.INTERNAL },
      { name: 'publish inventory.stock.received', kind: SpanKind.PRODUCER },
      { name: 'process inventory.stock.received', kind: SpanKind.CONSUMER },
    ]);
    // one trace, whose root is the HTTP request
    expect(new Set(chain.map((span) => span.traceId)).size).toBe(1);
    expect(chain[0].parentSpanId).toBeUndefined();
    expect(chain[0].attributes).toMatchObject({ 'http.route': '/api/v1/inventory/items/:id/movements', 'http.response.status_code': 201 });
    expect(chain[4].attributes).toMatchObject({ 'messaging.destination.name': `${system.prefix}.events.inventory.stock.received` });

    // the gateway's access line of that request carries the trace's id
    const access = logs.lines().filter((line) => line.component === 'http' && (line.req as { path?: string } | undefined)?.path === `/api/v1/inventory/items/${item.id}/movements`);
    expect(access.map((line) => line.trace_id)).toEqual([chain[0].traceId]);
  });

  // A client must not choose our trace ids (nor force its requests to be recorded): its own
  // `traceparent` starts no trace of ours, it is kept as a link on the request's span.
  it("should start a trace of its own for a request carrying a client's traceparent, linked to the client's span", async () => {
    const item = await createItem(api, token, { qty: 1 });
    tracing.reset();
    const client = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };

    const answer = await api('GET', `/api/v1/inventory/items/${item.id}`, { token, headers: { traceparent: `00-${client.traceId}-${client.spanId}-01` } });

    expect(answer.status).toBe(200);
    const request = await eventually(async () => tracing.spans().find((span) => span.name === 'GET /api/v1/inventory/items/:id'), 5000, 'the request span');
    expect(request.parentSpanId).toBeUndefined();
    expect(request.traceId).not.toBe(client.traceId);
    expect(request.links).toEqual([client]);
    const handled = tracing.spans().find((span) => span.name === 'handle inventory.items.get');
    expect(handled?.traceId).toBe(request.traceId);
    expect(tracing.spans().filter((span) => span.traceId === client.traceId)).toEqual([]);
  });
});
