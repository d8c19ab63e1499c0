import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, RequestContext } from '@uehub/contracts';
import type { NewEvent } from './event-store';

/** A stream's state as its projection row holds it: the fold of its events and where that fold stands. */
export interface Folded<S> {
  state: S;
  /** Stream version of the last event folded in (0 before the first). */
  version: number;
  /** When the first and the last event folded in occurred (ISO). */
  createdAt: string;
  updatedAt: string;
}

/** A service's pure rules for one stream type (emmett's Decider): no Nest, ORM or NATS inside. */
export interface Decider<S, C> {
  initialState: S;
  /** A command and the current state go in, events come out (or an AppError refusal). */
  decide(command: C, state: S, context: RequestContext): NewEvent[];
  /** Folds one event into the state: the one place an event's meaning is written. */
  evolve(state: S, event: NewEvent): S;
}

/** Where a stream's state lives between commands: a projection row carrying its version. */
export interface StreamProjection<S> {
  /** The stream's row, locked (FOR UPDATE) for the rest of the transaction; undefined when it has none. */
  load(tx: EntityManager, streamId: string): Promise<Folded<S> | undefined>;
  /** Writes what `evolve` computed for the new events (and any per-event read model such as a ledger). */
  save(tx: EntityManager, streamId: string, folded: Folded<S>, events: EventEnvelope[]): Promise<void>;
  /**
   * The same writes as `save`, as data-modifying statements that the event store sends in the
   * append's own statement (one round trip for events, outbox and projection). Optional; a
   * projection without it (or answering undefined) is written by `save` after the append.
   */
  writes?(streamId: string, folded: Folded<S>, events: EventEnvelope[]): StatementPart[] | undefined;
}

/** A data-modifying statement (INSERT/UPDATE/DELETE, no WITH clause of its own) with `?` placeholders and their values. */
export interface StatementPart {
  sql: string;
  params: unknown[];
}

/** Everything the command handler needs to run commands on one stream type. */
export interface Aggregate<S, C> {
  streamType: string;
  decider: Decider<S, C>;
  projection: StreamProjection<S>;
}

/** The event a stored envelope carries; the store only ever appends events a decider produced. */
export function eventOf(envelope: EventEnvelope): NewEvent {
  const event = { type: envelope.type, data: envelope.data } as NewEvent;
  if (envelope.changes) event.changes = envelope.changes;
  return event;
}

/** Folds stored events (in stream order) onto a folded state: the rebuild's and the command path's fold. */
export function foldEnvelopes<S>(evolve: (state: S, event: NewEvent) => S, from: Folded<S> | undefined, initialState: S, envelopes: EventEnvelope[]): Folded<S> | undefined {
  let folded = from;
  for (const envelope of envelopes) {
    folded = {
      state: evolve(folded?.state ?? initialState, eventOf(envelope)),
      version: envelope.stream.version,
      createdAt: folded?.createdAt ?? envelope.occurredAt,
      updatedAt: envelope.occurredAt,
    };
  }
  return folded;
}
