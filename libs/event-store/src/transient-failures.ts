import { isConnectionError } from '@uehub/database';
import { AppError } from '@uehub/errors';

/** Errors of the NATS client that mean "the broker or the service asked is not reachable right now". */
const NATS_TRANSIENT = new Set(['TimeoutError', 'NoRespondersError', 'ClosedConnectionError', 'DrainingConnectionError', 'ConnectionError', 'RequestError']);
/** SQLSTATEs of a failure that another try may not have: serialization failure, deadlock, lock not available. */
const RETRYABLE_SQLSTATE = new Set(['40001', '40P01', '55P03']);

/**
 * True when a failure says nothing about the event: the database, the broker or a service the
 * handler asks cannot be reached, or the transaction lost a race it may win next time. Such a
 * failure holds the message; it never counts toward the event's tries nor sends it to the
 * dead-letter table (only a poison event, one that fails for a reason of its own, goes there).
 */
export function isTransientFailure(error: unknown, seen = new Set<unknown>()): boolean {
  if (isConnectionError(error)) return true;
  if (error instanceof AppError) return error.code === 'SERVICE_UNAVAILABLE';
  const e = error as { name?: unknown; code?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object' || seen.has(e)) return false;
  seen.add(e);
  if (typeof e.name === 'string' && NATS_TRANSIENT.has(e.name)) return true;
  if (typeof e.code === 'string' && RETRYABLE_SQLSTATE.has(e.code)) return true;
  return e.cause !== undefined && isTransientFailure(e.cause, seen);
}
