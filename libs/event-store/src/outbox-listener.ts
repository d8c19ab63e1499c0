import pg from 'pg';
import { pgConnectionOptions } from '@uehub/database';
import { createLogger } from '@uehub/observability';

const log = createLogger('outbox-listener');
const RECONNECT_MS = 2000;

/** Holds one LISTEN connection (on the direct URL: poolers do not support LISTEN) and reconnects. */
export class OutboxListener {
  private client?: pg.Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((error: unknown) => this.scheduleReconnect(error));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(pgConnectionOptions(this.url, 'uehub-outbox-listener'));
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.scheduleReconnect(error);
    });
    await client.connect();
    await client.query(`listen "${this.channel}"`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    // anything committed while we were not listening
    this.onNotify();
  }

  private scheduleReconnect(error: unknown): void {
    if (this.stopped) return;
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'LISTEN connection lost; polling until it is back');
    this.retry = setTimeout(() => void this.connect().catch((e: unknown) => this.scheduleReconnect(e)), RECONNECT_MS);
    this.retry.unref();
  }
}
