import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase } from '@uehub/database';
import { DEFAULT_NATS_URL } from '@uehub/messaging';

/** Servers the tests use: `DATABASE_URL`/`NATS_URL` when set, else the local defaults. */
export function testServers(): { databaseUrl: string; natsUrl: string } {
  return {
    databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    natsUrl: process.env.NATS_URL ?? DEFAULT_NATS_URL,
  };
}

/** A short random suffix that keeps names of parallel test files apart. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A fresh database of its own for one test file (on `serverUrl`'s server, else the tests' one); `drop` removes it. */
export async function createTestDatabase(label: string, serverUrl = testServers().databaseUrl): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(serverUrl);
  url.pathname = `/uehub_t_${label.replace(/\W/g, '_')}_${uniqueSuffix()}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  return { url: databaseUrl, drop: () => dropDatabase(databaseUrl) };
}

/** A subject prefix of its own (and so a stream of its own) for one test file. */
export function testSubjectPrefix(label: string): string {
  return `t_${label.replace(/\W/g, '_')}_${uniqueSuffix()}`;
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
