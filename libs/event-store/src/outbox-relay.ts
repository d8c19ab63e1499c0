import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger, metrics, trackOutboxPending } from '@uehub/observability';
import { OutboxListener } from './outbox-listener';
import type { StoreTables } from './tables';

export interface OutboxRelayOptions {
  orm: MikroORM;
  nc: NatsConnection;
  tables: StoreTables;
  /** Direct (non-pooled) URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  batchSize?: number;
  /** Polling fallback when no notification arrives. */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  /** Called after JetStream acknowledged a batch and before the rows are marked (metrics; crash tests). */
  onPublished?: (eventIds: string[]) => Promise<void>;
}

interface PendingRow {
  position: string;
  event_id: string;
  subject: string;
  envelope: unknown;
}

const log = createLogger('outbox-relay');

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = event id and marks them published.
 * Rows are claimed with `FOR UPDATE SKIP LOCKED` inside the transaction that marks them, so
 * replicas share the work; a row is only marked after JetStream acknowledged it, so a crash
 * or a broker outage leaves it pending for the next attempt (the broker de-duplicates).
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly listener?: OutboxListener;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private stopped = true;
  private untrack?: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = jetstream(options.nc);
    if (options.listenUrl) {
      this.listener = new OutboxListener(options.listenUrl, options.tables.outboxChannel, () => this.wake());
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.untrack = trackOutboxPending(this.options.tables.prefix, () => this.pending());
    await this.listener?.start();
    this.schedulePoll();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.untrack?.();
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.stop();
    await this.draining;
  }

  /** Asks for a drain; concurrent wake-ups collapse into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  /** Publishes everything pending now; returns how many rows this call published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      if (published > 0) metrics.outboxPublished.inc({ service: this.options.tables.prefix }, published);
      total += published;
      if (published < (this.options.batchSize ?? 100)) return total;
    }
  }

  /** Rows not yet published (read at scrape time; a partial index covers it). */
  async pending(): Promise<number> {
    const [row] = await this.options.orm.em
      .fork()
      .execute<{ n: number }[]>(`select count(*)::int as n from ${this.options.tables.outbox} where published_at is null`);
    return row?.n ?? 0;
  }

  private async drainLoop(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox relay pass failed; will retry');
    }
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (!this.stopped) this.schedulePoll();
    }, this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
  }

  private async publishBatch(): Promise<number> {
    const { tables, orm } = this.options;
    return orm.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<PendingRow[]>(
        `select position::text, event_id, subject, envelope from ${tables.outbox}
          where published_at is null order by position limit ? for update skip locked`,
        [this.options.batchSize ?? 100],
      );
      if (rows.length === 0) return 0;
      const timeout = this.options.publishTimeoutMs ?? 5000;
      await Promise.all(
        rows.map((row) => this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.event_id, timeout })),
      );
      await this.options.onPublished?.(rows.map((row) => row.event_id));
      await tx.execute(
        `update ${tables.outbox} set published_at = now(), attempts = attempts + 1 where position = any(?::bigint[])`,
        [`{${rows.map((row) => row.position).join(',')}}`],
      );
      return rows.length;
    });
  }
}
