import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { eventSubject } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import { testEnvelope } from '../apps/audit/src/audit.fixture';
import { openAuditTarget, type AuditTarget } from './support/audit-target';
import { spawnService, type ChildService } from './support/child-service';

interface ReceivedSpan {
  name: string;
  traceId: string;
}

/** An OTLP/HTTP receiver (JSON, as the exporter sends it) that keeps every span's name and trace id. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close: () => Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: ReceivedSpan[] }[] }[] };
      for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spans.push({ name: span.name, traceId: span.traceId });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Spans are exported in batches (here: at most once a minute). A service stopped by SIGTERM must
// send what it still buffers before it exits, or the spans of its last seconds are lost.
describe('tracing at shutdown', () => {
  let target: AuditTarget;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let audit: ChildService | undefined;

  beforeAll(async () => {
    target = await openAuditTarget('tracing_shutdown');
    receiver = await startReceiver();
  }, 120_000);

  afterAll(async () => {
    await audit?.stop();
    await receiver?.close();
    await target?.close();
  });

  it("should send the spans it still buffers when stopped with SIGTERM (the audit consumer's last event)", async () => {
    audit = await spawnService('audit', {
      ...target.env(),
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const event = testEnvelope({ actor: { kind: 'system', id: 'tracing-shutdown-test' }, changes: { name: { from: 'a', to: 'b' } } });
    const h = headers();
    h.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    await jetstream(target.nc).publish(eventSubject(target.config.subjectPrefix, event.type), JSON.stringify(event), { msgID: event.id, headers: h });
    await eventually(async () => ((await target.db.query('select 1 from audit.audit_records where event_id = $1', [event.id])).rowCount === 1 ? true : undefined), 30_000, 'the event audited');
    const ofTrace = () => receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.name);
    expect(ofTrace()).toEqual([]); // still in the batch

    await audit.stop();

    expect(ofTrace()).toContain('process auth.user.updated');
  });
});
