/** Subject naming: `<prefix>.events.<service>.<aggregate>.<event>` and `<prefix>.rpc.<pattern>`. */
export const DEFAULT_SUBJECT_PREFIX = 'uehub';

export function eventSubject(prefix: string, eventType: string): string {
  return `${prefix}.events.${eventType}`;
}

/** Wildcard over every domain event under a prefix, optionally one service only. */
export function eventSubjectFilter(prefix: string, service?: string): string {
  return service ? `${prefix}.events.${service}.>` : `${prefix}.events.>`;
}

/** The event type carried by a subject, or undefined when the subject is not an event subject. */
export function eventTypeOfSubject(prefix: string, subject: string): string | undefined {
  const head = `${prefix}.events.`;
  return subject.startsWith(head) ? subject.slice(head.length) : undefined;
}

/** A JetStream stream name under a prefix (stream names allow no dots): `<PREFIX>_<suffix>`. */
function streamName(prefix: string, suffix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_${suffix}`;
}

/** JetStream stream name for the domain events of one prefix. */
export function eventStreamName(prefix: string): string {
  return streamName(prefix, 'EVENTS');
}

/** The append-only stream (deny delete, deny purge) where audit keeps a copy of each signed checkpoint. */
export function auditCheckpointStreamName(prefix: string): string {
  return streamName(prefix, 'AUDIT_CHECKPOINTS');
}

/** The subject audit publishes each signed checkpoint on, captured by that stream. */
export function auditCheckpointSubject(prefix: string): string {
  return `${prefix}.audit.checkpoints`;
}

export function rpcSubject(prefix: string, pattern: string): string {
  return `${prefix}.rpc.${pattern}`;
}

/** Subject names must be non-empty tokens without wildcards or spaces. */
export function isValidSubjectPrefix(prefix: string): boolean {
  return /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix);
}

/** The subject a service principal calls a pattern on; NATS lets only that principal publish it. */
export function principalSubject(prefix: string, principal: string, pattern: string): string {
  return `${prefix}.svc.${principal}.${pattern}`;
}

/**
 * The gateway's NATS key-value bucket of login/refresh rate-limit windows (`<PREFIX>_RATE_LIMITS`).
 * On the wire: stream `KV_<bucket>`, subjects `$KV.<bucket>.>`.
 */
export function rateLimitBucket(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_RATE_LIMITS`;
}
