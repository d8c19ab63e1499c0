import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamManager } from '@nats-io/jetstream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventStreamName, type EventEnvelope } from '@uehub/contracts';
import { ensureDurableConsumer, PULL_HEARTBEAT_MS, traceCarrierOf } from '@uehub/messaging';
import { contextOf, createLogger, metrics, SpanKind, startSpan, trackConsumerPending, tracingEnabled, withCorrelation, withSpan, type ConsumerOutcome, type Span } from '@uehub/observability';
import { parseEnvelope } from './envelope-guard';
import { markServiceWriter } from './out-of-band';
import { errorText, receive, type BatchItem, type Delivery, type EventConsumerOptions, type Received } from './consumer-types';
import { giveUpMessage } from './dead-letter-writer';
import type { DeadLetterTarget, StoredDeadLetter } from './dead-letters';
import { isTransientFailure } from './transient-failures';

const log = createLogger('event-consumer');
const DEFAULT_BACKOFF_MS = [1000, 5000, 30_000, 120_000];
/**
 * The server redelivers a message not acknowledged within this time: what a killed replica held,
 * and a delivery lost with a NATS node. Kept short; a message this replica holds is kept from
 * redelivery with `working()` every `KEEP_ALIVE_MS`, however long it waits or takes.
 */
export const CONSUMER_ACK_WAIT_MS = 5000;
const KEEP_ALIVE_MS = CONSUMER_ACK_WAIT_MS / 4;

/**
 * A durable JetStream consumer that applies each event at most once: the event id is
 * recorded in the inbox in the same transaction as the handler's effects, and acks come
 * after commit. A batch is applied in one transaction; if it fails, its events are applied
 * one by one so one poison event cannot block the rest. An event that failed `maxDeliver`
 * times for a reason of its own goes to the dead-letter table with the error (a malformed or
 * forged one at once). Only such failures count: an outage holds the message, and a
 * redelivery after a crashed replica or a broker fail-over is no failure of the event.
 */
export class EventConsumer implements DeadLetterTarget {
  private running?: Promise<void>;
  private messages?: ConsumerMessages;
  private readonly queue: Received[] = [];
  private working?: Promise<void>;
  private stopped = true;
  private untrack?: () => void;
  private manager?: Promise<JetStreamManager>;
  /** Failures of their own, by stream sequence, of the events this replica nak'ed and not yet applied. */
  private readonly failures = new Map<number, number>();
  /** Messages pulled and not yet through `processBatch` (queued or being applied): kept from redelivery. */
  private readonly held = new Set<Received>();
  private keepAlive?: NodeJS.Timeout;

  constructor(private readonly options: EventConsumerOptions) {}

  get durable(): string {
    return this.options.durable;
  }

  get maxDeliver(): number {
    return this.options.maxDeliver ?? 5;
  }

  async start(): Promise<void> {
    const { nc, subjectPrefix, durable, filterSubject } = this.options;
    await ensureDurableConsumer(nc, subjectPrefix, {
      durable,
      filterSubject,
      // no limit on the server: it would silently stop delivering an event whose deliveries were
      // used up by crashes and fail-overs; this consumer counts the event's own failures instead
      maxDeliver: -1,
      backoffMs: this.options.backoffMs ?? DEFAULT_BACKOFF_MS,
      ackWaitMs: CONSUMER_ACK_WAIT_MS,
    });
    this.stopped = false;
    this.keepAlive = setInterval(() => this.holdMessages(), KEEP_ALIVE_MS);
    this.keepAlive.unref();
    this.untrack = trackConsumerPending(this.options.tables.prefix, durable, () => this.pending());
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.keepAlive);
    this.untrack?.();
    await this.messages?.close();
    await this.running;
    await this.working;
  }

  /** Events waiting for this durable: not yet delivered plus delivered and not yet acknowledged. */
  async pending(): Promise<number> {
    const { nc, subjectPrefix, durable } = this.options;
    this.manager ??= jetstreamManager(nc).catch((error: unknown) => {
      this.manager = undefined;
      throw error;
    });
    const info = await (await this.manager).consumers.info(eventStreamName(subjectPrefix), durable);
    return info.num_pending + info.num_ack_pending;
  }

  /**
   * Pulls continuously into a queue; a single worker applies whatever has queued up as one
   * batch: low latency when idle, big batches under load, one batch at a time.
   */
  private async loop(): Promise<void> {
    const { nc, subjectPrefix, durable } = this.options;
    while (!this.stopped) {
      try {
        const consumer = await jetstream(nc).consumers.get(eventStreamName(subjectPrefix), durable);
        // bind: when heartbeats stop, pull again at once; without it the client first asks for the
        // consumer's info, which fails while its new leader is elected, and waits 15-45 s to ask again
        const messages = await consumer.consume({ max_messages: this.options.batchSize ?? 100, idle_heartbeat: PULL_HEARTBEAT_MS, bind: true });
        this.messages = messages;
        if (this.stopped) {
          // stopped while it was starting: the close of an iterator never read does not resolve
          void messages.close().catch(() => undefined);
          break;
        }
        for await (const msg of messages) {
          const item = receive(msg, subjectPrefix);
          this.held.add(item);
          this.queue.push(item);
          this.kick();
        }
      } catch (error) {
        if (this.stopped) break;
        log.warn({ durable, err: errorText(error) }, 'consuming failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private kick(): void {
    if (this.working) return;
    this.working = (async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.batchSize ?? 100);
        try {
          await this.process(batch);
        } finally {
          // acked, nak'ed or terminated by now; if applying it threw, it comes again after the ack wait
          for (const item of batch) this.held.delete(item);
        }
      }
    })()
      .catch((error: unknown) => log.error({ durable: this.options.durable, err: errorText(error) }, 'applying a batch failed'))
      .finally(() => {
        this.working = undefined;
        if (this.queue.length > 0 && !this.stopped) this.kick();
      });
  }

  /**
   * A batch with one consumer span per event, each the child of the relay's publish (the
   * message's `traceparent`); a batch of one runs inside its span.
   */
  private async process(batch: Received[]): Promise<void> {
    if (!tracingEnabled()) return this.processBatch(batch);
    const spans = batch.map((item) => this.consumerSpan(item));
    try {
      await withSpan(spans.length === 1 ? spans[0] : undefined, () => this.processBatch(batch));
    } finally {
      for (const span of spans) span?.end();
    }
  }

  private consumerSpan(item: Received): Span | undefined {
    const attributes = {
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': this.options.durable,
      'messaging.destination.name': item.delivery.subject,
      ...(item.event ? { 'messaging.message.id': item.event.id } : {}),
    };
    return startSpan(`process ${item.event?.type ?? 'unreadable event'}`, { kind: SpanKind.CONSUMER, attributes, parent: contextOf(traceCarrierOf(item.msg.headers)) });
  }

  private async processBatch(batch: Received[]): Promise<void> {
    const valid = batch.filter((item) => item.event);
    if (valid.length > 0) {
      const error = await this.applyHolding(valid);
      if (!error) {
        for (const item of valid) this.ack(item);
      } else {
        log.warn({ err: errorText(error), size: valid.length }, 'batch failed; applying its events one by one');
        for (const item of valid) await this.processOne(item);
      }
    }
    // a malformed or forged event never becomes valid: dead-lettered at once, never applied
    for (const item of batch.filter((i) => !i.event)) await this.giveUp(item, item.parseError ?? 'unreadable event');
  }

  private async processOne(item: Received): Promise<void> {
    const error = await this.applyHolding([item]);
    if (!error) this.ack(item);
    else await this.fail(item, errorText(error));
  }

  /** Tells JetStream this replica still works on every message it holds (settled ones ignore it). */
  private holdMessages(): void {
    if (this.options.nc.isClosed()) return;
    try {
      for (const item of this.held) item.msg.working();
    } catch (error) {
      log.warn({ durable: this.options.durable, err: errorText(error) }, 'keeping messages from redelivery failed');
    }
  }

  private ack(item: Received): void {
    item.msg.ack();
    if (this.failures.size > 0) this.failures.delete(item.delivery.streamSequence);
  }

  /**
   * Applies events in one transaction, after the handler's `prepare` ran outside it. While the
   * database, the broker or a service the handler asks is unavailable (`isTransientFailure`,
   * or any error while the database does not answer a probe) it keeps the messages (held:
   * `holdMessages` tells JetStream it still works on them) and tries again, so an outage never counts as a
   * failure of the events nor sends good events to the dead-letter table.
   * Returns the error when the events themselves failed (or the consumer is stopping).
   */
  private async applyHolding(items: Received[]): Promise<unknown> {
    const { handler } = this.options;
    for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 5000)) {
      try {
        const events = items.map((item) => item.event!);
        const prepared = handler.prepare ? await Promise.all(events.map((event) => handler.prepare!(event, events))) : [];
        const outcomes = await this.options.orm.em.fork().transactional(async (tx) => {
          await markServiceWriter(tx, this.options.tables);
          await handler.beforeBatch?.(tx);
          if (handler.handleBatch) return this.applyBatch(tx, items.map((item, index) => ({ event: item.event!, delivery: item.delivery, prepared: prepared[index] })));
          const applied: ConsumerOutcome[] = [];
          for (const [index, item] of items.entries()) applied.push(await this.applyOnce(tx, item.event!, item.delivery, prepared[index]));
          return applied;
        });
        for (const outcome of outcomes) this.count(outcome);
        return undefined;
      } catch (error) {
        if (this.stopped || !(isTransientFailure(error) || (await this.databaseDown()))) return error;
        log.warn({ durable: this.options.durable, err: errorText(error) }, 'a dependency is unavailable; holding the batch');
        await sleep(waitMs);
      }
    }
  }

  private async applyOnce(tx: EntityManager, event: EventEnvelope, delivery: Delivery, prepared?: unknown): Promise<'applied' | 'duplicate'> {
    const inserted = await tx.execute<{ event_id: string }[]>(
      `insert into ${this.options.tables.inbox} (consumer, event_id) values (?, ?) on conflict do nothing returning event_id`,
      [this.options.durable, event.id],
    );
    if (inserted.length === 0) return 'duplicate'; // seen before: no second effect
    await withCorrelation(event.correlationId, () => this.options.handler.handle(tx, event, delivery, prepared));
    return 'applied';
  }

  /**
   * Records the batch's event ids in the inbox with one statement and hands the new events to
   * the handler's `handleBatch` at once (an id twice in one batch counts once).
   */
  private async applyBatch(tx: EntityManager, items: readonly BatchItem[]): Promise<ConsumerOutcome[]> {
    const ids = [...new Set(items.map((item) => item.event.id))];
    const inserted = await tx.execute<{ event_id: string }[]>(
      `insert into ${this.options.tables.inbox} (consumer, event_id)
         select ?, id::uuid from jsonb_array_elements_text(?::jsonb) with ordinality as batch(id, n) order by n
         on conflict do nothing returning event_id`,
      [this.options.durable, JSON.stringify(ids)],
    );
    const fresh = new Set(inserted.map((row) => row.event_id.toLowerCase()));
    const outcomes: ConsumerOutcome[] = [];
    const applied: BatchItem[] = [];
    for (const item of items) {
      const id = item.event.id.toLowerCase();
      const isNew = fresh.delete(id);
      outcomes.push(isNew ? 'applied' : 'duplicate');
      if (isNew) applied.push(item);
    }
    if (applied.length > 0) await this.options.handler.handleBatch!(tx, applied);
    return outcomes;
  }

  /** Whether the database fails a trivial query right now (an error during a restart may not look like a connection error). */
  private async databaseDown(): Promise<boolean> {
    try {
      await this.options.orm.em.fork().execute('select 1');
      return false;
    } catch {
      return true;
    }
  }

  private count(outcome: ConsumerOutcome): void {
    metrics.consumerEvents.inc({ durable: this.options.durable, outcome });
  }

  /** Counts a failure of the event's own: retries later with back-off, or dead-letters it after `maxDeliver` failures. */
  private async fail(item: Received, error: string): Promise<void> {
    const sequence = item.delivery.streamSequence;
    const failures = (this.failures.get(sequence) ?? 0) + 1;
    if (failures < this.maxDeliver) {
      this.failures.set(sequence, failures);
      const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
      item.msg.nak(backoff[Math.min(failures - 1, backoff.length - 1)]);
      return;
    }
    this.failures.delete(sequence);
    // a letter not written: the message comes back, and its next failure gives it up again
    if (!(await this.giveUp(item, error, failures))) this.failures.set(sequence, failures - 1);
  }

  /** Writes the dead letter, then terminates the message (see `giveUpMessage`). */
  private async giveUp(item: Received, error: string, attempts = 1): Promise<boolean> {
    const { durable, orm, tables } = this.options;
    const written = await giveUpMessage(item, error, { durable, orm, tables, stopped: () => this.stopped, retryDelayMs: DEFAULT_BACKOFF_MS[0], attempts });
    if (written) this.count('dead_lettered');
    return written;
  }

  /** Applies a dead letter again (operator retry) with its original stream sequence; an event applied before has no second effect. */
  async redeliver(letter: StoredDeadLetter, resolve: (tx: EntityManager) => Promise<void>): Promise<void> {
    const parsed = parseEnvelope(letter.payload, letter.subject, this.options.subjectPrefix);
    if (!parsed.ok) throw new Error(parsed.error);
    const prepared = await this.options.handler.prepare?.(parsed.event, [parsed.event]);
    const delivery: Delivery = { subject: letter.subject, streamSequence: letter.streamSequence ?? 0, deliveryCount: letter.attempts + 1 };
    await this.options.orm.em.fork().transactional(async (tx) => {
      await markServiceWriter(tx, this.options.tables);
      await this.options.handler.beforeBatch?.(tx);
      if (this.options.handler.handleBatch) await this.applyBatch(tx, [{ event: parsed.event, delivery, prepared }]);
      else await this.applyOnce(tx, parsed.event, delivery, prepared);
      await resolve(tx);
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
