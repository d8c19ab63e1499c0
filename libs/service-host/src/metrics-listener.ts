import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, METRICS_CONTENT_TYPE, metricsText } from '@uehub/observability';

const log = createLogger('metrics-listener');

/**
 * A tiny HTTP listener for a backend service (which has no HTTP otherwise):
 * `GET /metrics` (Prometheus text) and `GET /health/live`. Started only when METRICS_PORT is set.
 */
export class MetricsListener {
  private server?: Server;

  async start(port: number, host = '0.0.0.0'): Promise<void> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'method not allowed\n');
      if (path === '/health/live') return reply(res, 200, 'application/json', '{"status":"ok"}');
      if (path !== '/metrics') return reply(res, 404, 'text/plain', 'not found\n');
      metricsText().then(
        (text) => reply(res, 200, METRICS_CONTENT_TYPE, text),
        (error: unknown) => {
          log.error({ err: error instanceof Error ? error.message : String(error) }, 'collecting metrics failed');
          reply(res, 500, 'text/plain', 'collecting metrics failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** `http://127.0.0.1:<port>` once listening. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://127.0.0.1:${address.port}` : undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
