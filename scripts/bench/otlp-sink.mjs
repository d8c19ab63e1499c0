// A tiny local OTLP/HTTP trace receiver for the tracing bench: accepts POST /v1/traces (JSON, as
// @opentelemetry/exporter-trace-otlp-http sends it), counts requests and spans, keeps the first
// `keep` spans (name, ids, parent, service) to check a trace across processes, answers 200 {}.
import { createServer } from 'node:http';

/** The spans of one OTLP JSON export request, each with its process's `service.name`. */
function spansIn(body) {
  try {
    const { resourceSpans = [] } = JSON.parse(body);
    return resourceSpans.flatMap((r) => {
      const service = r.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;
      return (r.scopeSpans ?? []).flatMap((s) => (s.spans ?? []).map((span) => ({ service, name: span.name, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined })));
    });
  } catch {
    return [];
  }
}

export async function startOtlpSink(keep = 50_000) {
  const counts = { requests: 0, spans: 0, bytes: 0 };
  const kept = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.requests += 1;
      counts.bytes += body.length;
      const spans = spansIn(body.toString('utf8'));
      counts.spans += spans.length;
      kept.push(...spans.slice(0, Math.max(0, keep - kept.length)));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts: () => ({ ...counts }),
    spans: () => kept,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
