// A tiny local OTLP/HTTP trace receiver for the tracing bench (the "local collector"): accepts
// POST /v1/traces (JSON, as @opentelemetry/exporter-trace-otlp-http sends it), counts requests,
// bytes and spans, keeps the first `keep` spans (name, ids, parent, service) to check a trace
// across processes, answers 200 {}. It runs as a process of its own (as a collector would), so
// its parsing does not slow the load generator, and its CPU is counted apart.
// `GET /counts` and `GET /spans` answer what it got.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './bench-system.mjs';

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

function serve(keep) {
  const counts = { requests: 0, spans: 0, bytes: 0 };
  const kept = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(req.url === '/spans' ? kept : counts));
      }
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
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
}

/** Starts a receiver process; `keep`: how many spans it keeps for `spans()`. */
export async function startOtlpSink(keep = 50_000) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(keep)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OTLP sink exited (${code})`)));
    child.stdout.once('data', (chunk) => resolve(JSON.parse(chunk.toString()).port));
  });
  const url = `http://127.0.0.1:${port}`;
  const get = async (path) => (await fetch(`${url}${path}`)).json();
  return {
    url,
    counts: () => get('/counts'),
    spans: () => get('/spans'),
    cpu: () => cpuSeconds(child.pid),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) serve(Number(process.argv[2] ?? 50_000));
