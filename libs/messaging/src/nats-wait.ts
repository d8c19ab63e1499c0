import { createLogger } from '@uehub/observability';
import { connectNats, type NatsConnectOptions, type NatsConnection } from './nats-connection';

const log = createLogger('start-up');

/** How long start-up waits for NATS before giving up, unless told. */
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Connects to NATS, saying while it waits: the client itself retries every 500 ms (with
 * jitter) until the server answers; this adds the log lines (back-off 1 s doubling to 30 s)
 * and the time limit.
 */
export async function connectNatsWhenUp(
  url: string,
  name: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  options: NatsConnectOptions = {},
): Promise<NatsConnection> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const connecting = connectNats(url, name, options).finally(() => (settled = true));
  const watch = (delay: number) => {
    timer = setTimeout(() => {
      if (settled) return;
      log.warn({ waitedMs: Date.now() - started }, `waiting for NATS at ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
      watch(Math.min(delay * 2, 30_000));
    }, delay);
    timer.unref();
  };
  watch(1000);
  const deadline = new Promise<never>((_resolve, reject) => {
    const limit = setTimeout(() => reject(new Error(`NATS was not available within ${timeoutMs} ms`)), timeoutMs);
    limit.unref();
    void connecting.finally(() => clearTimeout(limit)).catch(() => undefined);
  });
  try {
    const nc = await Promise.race([connecting, deadline]);
    if (Date.now() - started > 1000) log.info({ waitedMs: Date.now() - started }, 'NATS is available');
    return nc;
  } finally {
    clearTimeout(timer);
  }
}
