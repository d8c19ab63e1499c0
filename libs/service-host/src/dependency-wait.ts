import pg from 'pg';
import { pgConnectionOptions, redactUrl } from '@uehub/database';
import { createLogger } from '@uehub/observability';

const log = createLogger('start-up');

/** How long start-up waits for PostgreSQL and NATS before giving up (`STARTUP_TIMEOUT_SECONDS`). */
export const DEFAULT_STARTUP_TIMEOUT_MS = 300_000;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * Tries `attempt` until it succeeds: bounded exponential back-off with jitter (250 ms doubling
 * to 5 s), one log line per failed try, and an error after `timeoutMs`, so a service started
 * before its database or broker waits for it instead of exiting, yet never hangs silently.
 */
export async function waitFor<T>(what: string, attempt: () => Promise<T>, timeoutMs = DEFAULT_STARTUP_TIMEOUT_MS): Promise<T> {
  const started = Date.now();
  for (let tries = 1, delay = FIRST_DELAY_MS; ; tries++, delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      const result = await attempt();
      if (tries > 1) log.info({ tries, waitedMs: Date.now() - started }, `${what} is available`);
      return result;
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      if (Date.now() - started + delay > timeoutMs) throw new Error(`${what} was not available within ${timeoutMs} ms: ${err}`);
      const waitMs = Math.round(delay / 2 + (Math.random() * delay) / 2);
      log.warn({ tries, retryInMs: waitMs, err }, `waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** Waits until PostgreSQL at `url` accepts a connection and answers a query (`startupOptions: false` for a pooler). */
export function waitForDatabase(url: string, timeoutMs?: number, { startupOptions = true } = {}): Promise<void> {
  return waitFor(
    `PostgreSQL at ${redactUrl(url)}`,
    async () => {
      const client = new pg.Client({ ...pgConnectionOptions(url, 'uehub-startup-check', { startupOptions }), connectionTimeoutMillis: 5000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('select 1');
      } catch (error) {
        // the server answers; its database is made by the migrate step
        if ((error as { code?: string }).code !== '3D000') throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    timeoutMs,
  );
}
