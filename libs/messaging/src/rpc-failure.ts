import { AppError } from '@uehub/errors';

/** Seconds a client should wait before retrying a request that never reached a service. */
export const RETRY_AFTER_SECONDS = 1;

/** The connection to the bus dropped while a request waited: its outcome is unknown. */
export class ConnectionLostError extends Error {
  constructor() {
    super('the connection to NATS was lost while waiting for the answer');
    this.name = 'ConnectionLostError';
  }
}

const NEVER_SENT = new Set(['NoResponders', 'ClosedConnectionError', 'DrainingConnectionError', 'PermissionViolationError', 'InvalidSubjectError']);

/**
 * Tells the caller whether a retry is safe (DESIGN "tell the client"): "nobody answered"
 * (no responders; the request never reached a service, so it was never applied) is 503
 * SERVICE_UNAVAILABLE with Retry-After; "no answer in time" or a connection lost while
 * waiting (it may have been applied) is 503 SERVICE_TIMEOUT without Retry-After.
 */
export function rpcFailure(error: unknown, service: string): AppError {
  const cause = error instanceof Error && error.name === 'RequestError' && error.cause instanceof Error ? error.cause : error;
  const name = cause instanceof Error ? cause.name : '';
  if (NEVER_SENT.has(name)) {
    return new AppError('SERVICE_UNAVAILABLE', `The ${service} service is not reachable; nothing was sent, so retrying is safe`);
  }
  const why = cause instanceof ConnectionLostError ? 'the connection was lost' : 'no answer in time';
  return new AppError('SERVICE_TIMEOUT', `The ${service} service did not answer (${why}); the request may have been applied`);
}

/** Requests that could not even be sent because the connection is down (never applied). */
export function notConnected(service: string): AppError {
  return new AppError('SERVICE_UNAVAILABLE', `The ${service} service is not reachable (no bus connection); nothing was sent, so retrying is safe`);
}
