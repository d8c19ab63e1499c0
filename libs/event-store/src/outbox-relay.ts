import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger, metrics, trackOutboxPending } from '@uehub/observability';
import type { DeadLetterTarget, StoredDeadLetter } from './dead-letters';
import { OutboxClaims, type ClaimedRow } from './outbox-claims';
import { OutboxListener } from './outbox-listener';
import { BrokerOutage, jetStreamProbe, jetStreamPublisher, type RelayLog, type RowPublisher } from './relay-publisher';
import { publishPass } from './relay-pass';
import type { StoreTables } from './tables';

export interface OutboxRelayOptions {
  orm: MikroORM;
  nc: NatsConnection;
  tables: StoreTables;
  /** Direct (non-pooled) URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  batchSize?: number;
  /** Polling fallback when no notification arrives (the safety net: a missed NOTIFY, a lost LISTEN connection). */
  pollIntervalMs?: number;
  /**
   * Passes (claim, publish, mark) one relay runs at the same time (default 2): a commit notified
   * while a pass publishes or marks is claimed and published at once instead of after that pass.
   * Their claims take turns in the process, so waiting for the claim lock holds no more than one
   * pooled connection (the services' pools have 5).
   */
  maxPassesInFlight?: number;
  publishTimeoutMs?: number;
  /** Called after JetStream acknowledged a pass's rows and before they are marked (metrics; crash tests). */
  onPublished?: (eventIds: string[]) => Promise<void>;
  /** Failed publishes (while JetStream accepts others) before a row is parked (default 10). */
  maxAttempts?: number;
  /** First retry delay of a failing row, doubled per attempt up to `retryMaxMs` (defaults 1 s, 5 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a relay may hold claimed rows before another relay may take them (default 60 s). */
  claimLeaseMs?: number;
  /** Published rows are deleted after this long (default 7 days); checked every `pruneIntervalMs` (default 1 h). */
  retentionMs?: number;
  pruneIntervalMs?: number;
  /** Longest wait between tries while JetStream refuses everything (default 30 s; starts at 250 ms, with jitter). */
  outageMaxDelayMs?: number;
  /** Publishes one row; defaults to JetStream with `Nats-Msg-Id` = event id (tests inject failures here). */
  publisher?: RowPublisher;
  log?: RelayLog;
}

export const DEFAULT_OUTBOX_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id` = event id. Each pass claims rows in a
 * short transaction (one relay per stream at a time), commits, publishes each stream's rows in
 * order, then marks them in another short transaction: no transaction waits on the broker.
 * A notification (NOTIFY on commit) starts a pass at once, beside the passes still publishing or
 * marking (up to `maxPassesInFlight`, their claims taking turns): a claimed row blocks its
 * stream for every pass, so the passes never share a stream, and a pass that published rows
 * while others were notified wakes the relay once more for the rows its claims held back.
 * A row JetStream keeps refusing is counted, retried with back-off, and parked (with a dead
 * letter) after `maxAttempts`, holding back only its own stream. While JetStream refuses
 * everything, the relay backs off (exponential, jitter) and says so once.
 */
export class OutboxRelay implements DeadLetterTarget {
  readonly relayId = `relay-${randomUUID()}`;
  private readonly claims: OutboxClaims;
  private readonly publisher: RowPublisher;
  private readonly probe: (subject: string) => Promise<string | undefined>;
  private readonly log: RelayLog;
  private readonly listener?: OutboxListener;
  private timer?: NodeJS.Timeout;
  private outageTimer?: NodeJS.Timeout;
  private readonly passes = new Set<Promise<void>>();
  private wakeAgain = false;
  /** Wake-ups so far: a pass that sees it grow while it held claims wakes the relay again. */
  private wakes = 0;
  /** The last claim of this relay's passes: the next one starts after it. */
  private claiming: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private untrack?: () => void;
  private outageSince?: number;
  private outageDelayMs = 0;
  private lastPrune = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.claims = new OutboxClaims(options.orm, options.tables);
    this.log = options.log ?? createLogger('outbox-relay');
    this.publisher = options.publisher ?? jetStreamPublisher(options.nc, options.publishTimeoutMs ?? 5000);
    this.probe = jetStreamProbe(options.nc, Math.min(options.publishTimeoutMs ?? 5000, 2000));
    if (options.listenUrl) {
      this.listener = new OutboxListener(options.listenUrl, options.tables.outboxChannel, () => this.wake());
    }
  }

  /** True while JetStream refuses every message and the relay is backing off. */
  get waiting(): boolean {
    return this.outageSince !== undefined;
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
    clearTimeout(this.timer);
    clearTimeout(this.outageTimer);
    await this.listener?.stop();
    while (this.passes.size > 0) await Promise.all(this.passes);
  }

  /**
   * Asks for a drain: starts a pass now unless `maxPassesInFlight` are running (then wake-ups
   * collapse into one more pass when one ends); ignored while backing off from an outage.
   */
  wake(): void {
    if (this.stopped || this.outageTimer) return;
    this.wakes++;
    if (this.passes.size >= (this.options.maxPassesInFlight ?? 2)) {
      this.wakeAgain = true;
      return;
    }
    const wakesBefore = this.wakes;
    const pass: Promise<void> = this.drainLoop().then((published) => {
      this.passes.delete(pass);
      // a pass woken meanwhile skipped the streams this one held: look at them again
      if (this.wakeAgain || (published > 0 && this.wakes !== wakesBefore)) {
        this.wakeAgain = false;
        this.wake();
      }
    });
    this.passes.add(pass);
  }

  /** Publishes everything claimable now; returns how many rows this call published. Throws `BrokerOutage` when JetStream refuses everything. */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    let total = 0;
    for (;;) {
      // while JetStream refuses everything, one row is enough to find out whether it is back
      const rows = await this.claimInTurn(this.waiting ? 1 : batchSize);
      if (rows.length === 0) return total;
      const published = await publishPass(rows, {
        relayId: this.relayId,
        claims: this.claims,
        publisher: this.publisher,
        probe: this.probe,
        log: this.log,
        service: this.options.tables.prefix,
        maxAttempts: this.options.maxAttempts ?? 10,
        retryDelayMs: (attempts) => Math.min((this.options.retryBaseMs ?? 1000) * 2 ** (attempts - 1), this.options.retryMaxMs ?? 300_000),
        onPublished: this.options.onPublished,
      });
      total += published;
      this.endOutage();
      if (rows.length < batchSize) return total;
    }
  }

  /** Claims after this relay's previous claim ended (passes side by side never queue on the claim lock together). */
  private claimInTurn(limit: number): Promise<ClaimedRow[]> {
    const claim = this.claiming.then(() => this.claims.claim(this.relayId, limit, this.options.claimLeaseMs ?? 60_000));
    this.claiming = claim.catch(() => undefined);
    return claim;
  }

  /** Rows not yet published (read at scrape time; a partial index covers it). */
  async pending(): Promise<number> {
    const [row] = await this.options.orm.em
      .fork()
      .execute<{ n: number }[]>(`select count(*)::int as n from ${this.options.tables.outbox} where published_at is null`);
    return row?.n ?? 0;
  }

  /** Deletes published rows older than the retention; returns how many. */
  prune(): Promise<number> {
    return this.claims.prune(this.options.retentionMs ?? DEFAULT_OUTBOX_RETENTION_MS);
  }

  /** Publishes a parked row again (operator retry of its dead letter); the rest of its stream follows. */
  async redeliver(letter: StoredDeadLetter, resolve: (tx: EntityManager) => Promise<void>): Promise<void> {
    const row = letter.eventId ? await this.claims.parkedRow(letter.eventId) : undefined;
    if (!row) throw new Error('The outbox row of this event is gone; republish it with npm run outbox:republish');
    if (!row.published) await this.publisher(row);
    await this.options.orm.em.fork().transactional(async (tx) => {
      await this.claims.unparkPublished(tx, row);
      await resolve(tx);
    });
    metrics.outboxPublished.inc({ service: this.options.tables.prefix });
    this.wake();
  }

  /** One drain; returns how many rows it published (0 when it failed). */
  private async drainLoop(): Promise<number> {
    try {
      await this.pruneWhenDue();
      const published = await this.drain();
      this.endOutage();
      return published;
    } catch (error) {
      if (error instanceof BrokerOutage) this.backOff(error);
      else this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox relay pass failed; will retry');
      return 0;
    }
  }

  /** Bounded exponential back-off with full jitter; logged once per outage. */
  private backOff(error: BrokerOutage): void {
    if (this.outageTimer) return; // another pass already backs off
    if (this.outageSince === undefined) {
      this.outageSince = Date.now();
      this.log.warn({ err: error.message }, 'JetStream is not accepting messages; the outbox relay waits and retries with back-off');
    }
    const cap = this.options.outageMaxDelayMs ?? 30_000;
    this.outageDelayMs = Math.min(cap, Math.max(250, this.outageDelayMs * 2));
    const delay = this.outageDelayMs / 2 + Math.random() * (this.outageDelayMs / 2);
    this.outageTimer = setTimeout(() => {
      this.outageTimer = undefined;
      this.wake();
    }, delay);
    this.outageTimer.unref();
  }

  private endOutage(): void {
    if (this.outageSince === undefined) return;
    this.log.info({ waitedMs: Date.now() - this.outageSince }, 'JetStream accepts messages again; the outbox relay resumes');
    this.outageSince = undefined;
    this.outageDelayMs = 0;
  }

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < (this.options.pruneIntervalMs ?? 3600_000)) return;
    this.lastPrune = Date.now();
    const pruned = await this.prune();
    if (pruned > 0) this.log.info({ pruned }, 'pruned published outbox rows past the retention');
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (!this.stopped) this.schedulePoll();
    }, this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
  }
}

export type { ClaimedRow };
