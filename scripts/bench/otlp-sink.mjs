// A tiny local OTLP/HTTP trace receiver for the tracing bench: accepts POST /v1/traces (JSON, as
// @opentelemetry/exporter-trace-otlp-http sends it), counts requests and spans, answers 200 {}.
import { createServer } from 'node:http';

/** Spans in one OTLP JSON export request. */
function spansIn(body) {
  try {
    const { resourceSpans = [] } = JSON.parse(body);
    return resourceSpans.reduce((n, r) => n + (r.scopeSpans ?? []).reduce((m, s) => m + (s.spans?.length ?? 0), 0), 0);
  } catch {
    return 0;
  }
}

export async function startOtlpSink() {
  const counts = { requests: 0, spans: 0, bytes: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.requests += 1;
      counts.bytes += body.length;
      counts.spans += spansIn(body.toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts: () => ({ ...counts }),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
