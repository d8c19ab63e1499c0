import type { Role } from './roles';

/**
 * Who caused an event: a signed-in user, a service acting on its own (bootstrap, replicas,
 * jobs), or an anonymous client (login attempts).
 */
export type Actor =
  | { kind: 'user'; id: string; role: Role; name?: string }
  | { kind: 'system'; id: string }
  | { kind: 'anonymous'; id: 'anonymous' };

/** Field-level before/after values carried by update events. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

/** Where a command came from; copied into every event it produces. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  requestId?: string;
  ip?: string;
  userAgent?: string;
  /** The client's `Idempotency-Key` (commands only): a repeat gets the stored answer. */
  idempotencyKey?: string;
  /** Epoch ms after which the caller no longer waits: work is not started, nor committed, after it. */
  deadline?: number;
}

/** The envelope every domain event travels in, on the wire and in the audit log. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  id: string;
  type: TType;
  schemaVersion: number;
  stream: { type: string; id: string; version: number };
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  requestId?: string;
  client?: { ip?: string; userAgent?: string };
  data: TData;
  changes?: Changes;
}

/** The service that owns an event type: its first segment (`auth.user.created` → `auth`). */
export function serviceOfEventType(type: string): string {
  return type.split('.')[0] ?? type;
}
