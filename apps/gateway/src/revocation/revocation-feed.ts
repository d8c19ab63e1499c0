import { DeliverPolicy, jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { eventStreamName, eventSubject, eventSubjectFilter, GATEWAY_EVENT_FEED } from '@uehub/contracts';
import type { NatsConnection } from '@uehub/messaging';
import { createLogger } from '@uehub/observability';
import { REVOKING_EVENTS, type RevocationList } from './revocation-list';

const log = createLogger('revocation-feed');
/** How long start-up waits for the replay of past events before serving anyway. */
const CATCH_UP_MS = 10_000;
const RETRY_MS = 1000;

/**
 * Feeds a RevocationList from auth's user events: an ordered (ephemeral, per replica)
 * JetStream consumer on `<prefix>.events.auth.user.>`, starting one token lifetime back, so a
 * replica that starts late still knows every change a live token could predate.
 */
export class RevocationFeed {
  private messages?: ConsumerMessages;
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

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.consume();
      } catch (error) {
        // no stream means no event yet, so nothing to replay: serve, and keep trying to follow it
        if (/stream not found/i.test((error as Error).message)) this.caughtUp?.();
        // no stream yet (no service has started), or the connection is being replaced
        if (!this.stopped) log.warn({ err: (error as Error).message }, 'revocation feed interrupted; retrying');
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async consume(): Promise<void> {
    const consumer = await jetstream(this.nc).consumers.get(eventStreamName(this.prefix), {
      filter_subjects: eventSubjectFilter(this.prefix, GATEWAY_EVENT_FEED),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - this.lookbackMs).toISOString(),
    });
    if ((await consumer.info()).num_pending === 0) this.caughtUp?.();
    this.messages = await consumer.consume();
    for await (const msg of this.messages) {
      this.apply(msg);
      if (msg.info.pending === 0) this.caughtUp?.();
      this.list.prune();
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
