import type { MikroORM } from '@mikro-orm/postgresql';
import { isConnectionError } from '@uehub/database';
import { createLogger } from '@uehub/observability';
import { errorText, type Received } from './consumer-types';
import { recordDeadLetter } from './dead-letters';
import type { StoreTables } from './tables';

const log = createLogger('event-consumer');
/** Tries of a dead-letter write that fails for another reason than a lost connection. */
const WRITE_TRIES = 5;

/**
 * Writes the dead letter of a message and only then terminates it. While the write fails the
 * message is held (`working()`) and the write retried (without end while the database is
 * unreachable); if it still fails, the message is nak'ed for JetStream's spare delivery, never
 * dropped. `attempts` is how often the event failed for a reason of its own. Returns whether the letter was written.
 */
export async function giveUpMessage(
  item: Received,
  error: string,
  ctx: { durable: string; orm: MikroORM; tables: StoreTables; stopped: () => boolean; retryDelayMs: number; attempts: number },
): Promise<boolean> {
  const { attempts } = ctx;
  const { streamSequence, subject } = item.delivery;
  const eventId = item.event?.id ?? item.refusedId ?? null;
  const letter = { consumer: ctx.durable, eventId, subject, payload: item.msg.string(), error, attempts, streamSequence };
  for (let attempt = 1, waitMs = 250; ; attempt++, waitMs = Math.min(waitMs * 2, 5000)) {
    try {
      await recordDeadLetter(ctx.orm.em.fork(), ctx.tables, letter);
      break;
    } catch (writeError) {
      if (ctx.stopped() || (!isConnectionError(writeError) && attempt >= WRITE_TRIES)) {
        log.error({ durable: ctx.durable, streamSequence, err: errorText(writeError) }, 'dead letter not written; leaving the message for another delivery');
        item.msg.nak(ctx.retryDelayMs);
        return false;
      }
      item.msg.working();
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
  log.error({ durable: ctx.durable, eventId, streamSequence, error }, 'event dead-lettered');
  // no reason text: nats-server 2.9 ignores a "+TERM <reason>" (the reason is in the dead letter)
  item.msg.term();
  return true;
}
