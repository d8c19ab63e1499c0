import { DeliverPolicy, jetstream, type Consumer, type ConsumerMessages, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { eventStreamName, eventSubject, eventSubjectFilter, GATEWAY_EVENT_FEED } from '@uehub/contracts';
import { PULL_HEARTBEAT_MS, type NatsConnection } from '@uehub/messaging';
import { createLogger } from '@uehub/observability';
import { REVOKING_EVENTS, type RevocationList } from './revocation-list';

const log = createLogger('revocation-feed');
/** How long start-up waits for the replay of past events before serving anyway. */
const CATCH_UP_MS = 10_000;
const RETRY_MS = 1000;
/** Two heartbeats missed: the consumer's node died, or the connection moved to another node. */
const SILENCE_MS = 2 * PULL_HEARTBEAT_MS;
/** Making the consumer is tried again (at once) after this: no request is answered while a leader is elected. */
const REQUEST_TIMEOUT_MS = 1000;

/**
 * Feeds a RevocationList from auth's user events: an ordered (ephemeral, per replica)
 * JetStream consumer on `<prefix>.events.auth.user.>`, starting one token lifetime back, so a
 * replica that starts late still knows every change a live token could predate.
 *
 * An ordered consumer has one replica, on one node of a cluster: when that node dies the consumer
 * is gone, and the client library only asks for its info (which fails while the node is down)
 * every 15-45 s, never making a new one, so revocations would stop arriving. The feed asks for a
 * heartbeat every `PULL_HEARTBEAT_MS` and, when neither an event nor a heartbeat came for
 * `SILENCE_MS`, makes a new consumer itself, from the event after the last one it read.
 */
export class RevocationFeed {
  private consumer?: Consumer;
  private messages?: ConsumerMessages;
  /** The stream sequence of the last event read: a new consumer starts after it. */
  private lastSequence?: number;
  /** When the consumer last sent an event or a heartbeat. */
  private heardAt = 0;
  private stopped = false;
  private caughtUp?: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.caughtUp = resolve));

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly list: RevocationList,
    private readonly lookbackMs: number,
  ) {}

  /** Starts reading; resolves once past events are replayed (or after a bounded wait). */
  async start(): Promise<void> {
    void this.run();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CATCH_UP_MS).unref());
    await Promise.race([this.ready, timeout]);
  }

  /** The name of the ordered consumer it reads now (the library renames it when it remakes it), to find its node. */
  async consumerName(): Promise<string | undefined> {
    return (await this.consumer?.info(true))?.name;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        // returns when the consumer fell silent (or the feed stops): follow on a new one at once
        await this.consume();
        continue;
      } catch (error) {
        // no stream means no event yet, so nothing to replay: serve, and keep trying to follow it
        if (/stream not found/i.test((error as Error).message)) this.caughtUp?.();
        // no stream yet (no service has started), the connection is being replaced, or a leader is elected
        if (!this.stopped) log.warn({ err: (error as Error).message }, 'revocation feed interrupted; retrying');
        // a request that timed out has waited already
        if (/timeout/i.test((error as Error).message)) continue;
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const consumer = (this.consumer = await jetstream(this.nc, { timeout: REQUEST_TIMEOUT_MS }).consumers.get(eventStreamName(this.prefix), this.startingPoint()));
    if ((await consumer.info()).num_pending === 0) this.caughtUp?.();
    const messages = (this.messages = await consumer.consume({ idle_heartbeat: PULL_HEARTBEAT_MS }));
    this.heardAt = Date.now();
    void this.endWhenSilent(messages);
    for await (const msg of messages) {
      this.heardAt = Date.now();
      this.lastSequence = msg.info.streamSequence;
      this.apply(msg);
      if (msg.info.pending === 0) this.caughtUp?.();
      this.list.prune();
    }
  }

  /** One token lifetime back at start; after the last event read when a consumer is remade. */
  private startingPoint(): Partial<OrderedConsumerOptions> {
    const filter_subjects = eventSubjectFilter(this.prefix, GATEWAY_EVENT_FEED);
    if (this.lastSequence !== undefined) return { filter_subjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSequence + 1 };
    return { filter_subjects, deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() - this.lookbackMs).toISOString() };
  }

  /**
   * Ends the consumer after `SILENCE_MS` without an event or a heartbeat; `run` makes a new one. Not
   * the library's own check (`heartbeats_missed`): it only asks for the consumer's info, and after
   * a reconnection it stops checking until such a request succeeds.
   */
  private async endWhenSilent(messages: ConsumerMessages): Promise<void> {
    const watch = setInterval(() => {
      if (Date.now() - this.heardAt <= SILENCE_MS) return;
      clearInterval(watch);
      log.warn({ silentMs: Date.now() - this.heardAt }, 'revocation feed heard nothing; following on a new consumer');
      void messages.close();
    }, PULL_HEARTBEAT_MS);
    watch.unref();
    try {
      for await (const status of messages.status()) if (status.type === 'heartbeat') this.heardAt = Date.now();
    } finally {
      clearInterval(watch);
    }
  }

  private apply(msg: JsMsg): void {
    let event: unknown;
    try {
      event = msg.json();
    } catch {
      return log.warn({ subject: msg.subject }, 'unreadable event ignored');
    }
    const revoking = revokingChange(event);
    // the type must be the one the subject names: an event cannot revoke under another's subject
    if (!revoking || msg.subject !== eventSubject(this.prefix, revoking.type)) return;
    this.list.record(revoking.userId, revoking.version, revoking.at);
  }
}

/** The user, version and time of a revoking user event; undefined for any other or malformed event. */
export function revokingChange(event: unknown): { type: string; userId: string; version: number; at: number } | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { type, stream, occurredAt } = event as { type?: unknown; stream?: { type?: unknown; id?: unknown; version?: unknown }; occurredAt?: unknown };
  if (typeof type !== 'string' || !(REVOKING_EVENTS as readonly string[]).includes(type)) return undefined;
  if (stream?.type !== 'user' || typeof stream.id !== 'string' || !Number.isInteger(stream.version)) return undefined;
  const at = typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  if (Number.isNaN(at)) return undefined;
  return { type, userId: stream.id, version: stream.version as number, at };
}
