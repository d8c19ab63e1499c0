import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope, RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { foldEnvelopes, type Aggregate, type Folded, type StatementPart } from './decider';
import { StreamVersionConflict, type EventStore } from './event-store';

export interface ExecuteOptions {
  /** The version the caller read (If-Match): a different one is 412 VERSION_MISMATCH, never a retry. */
  expectedVersion?: number;
  /** The event that caused this command (e.g. the source side of a transfer). */
  causationId?: string;
}

/** What one command did to one stream: the events it appended and the state after them. */
export interface Executed<S> {
  events: EventEnvelope[];
  /** The state after the command (undefined only when the stream does not exist and nothing was appended). */
  folded: Folded<S> | undefined;
}

/** A 412 for a caller whose If-Match version is no longer the stream's. */
export function versionMismatch(streamType: string, expected: number): AppError {
  return new AppError('VERSION_MISMATCH', `The ${streamType} is no longer at version ${expected}; read it again`);
}

/**
 * One command transaction as a service sees it: `execute` locks a stream's row, decides on
 * it, appends with its version and writes the projection. A command may touch several
 * streams (a transfer) and do its own work on `tx` alongside (credentials).
 */
export class CommandSession {
  constructor(
    readonly tx: EntityManager,
    readonly context: RequestContext,
    private readonly store: EventStore,
  ) {}

  async execute<S, C>(aggregate: Aggregate<S, C>, streamId: string, command: C, options: ExecuteOptions = {}): Promise<Executed<S>> {
    const { decider, projection, streamType } = aggregate;
    const current = await projection.load(this.tx, streamId);
    const { expectedVersion } = options;
    if (current && expectedVersion !== undefined && current.version !== expectedVersion) throw versionMismatch(streamType, expectedVersion);
    const events = decider.decide(command, current?.state ?? decider.initialState, this.context);
    if (events.length === 0) return { events: [], folded: current };
    // the projection's writes go in the append's statement when it can name them, else after it
    let written: { folded: Folded<S>; parts: StatementPart[] | undefined } | undefined;
    const alongside = (envelopes: EventEnvelope[]) => {
      const folded = foldEnvelopes(decider.evolve, current, decider.initialState, envelopes)!;
      written = { folded, parts: projection.writes?.(streamId, folded, envelopes) };
      return written.parts ?? [];
    };
    let envelopes: EventEnvelope[];
    try {
      const request = { streamType, streamId, expectedVersion: current?.version ?? 0, events, context: this.context, causationId: options.causationId };
      envelopes = await this.store.append(this.tx, request, alongside);
    } catch (error) {
      if (error instanceof StreamVersionConflict && expectedVersion !== undefined) throw versionMismatch(streamType, expectedVersion);
      throw error;
    }
    const { folded, parts } = written!;
    if (!parts) await projection.save(this.tx, streamId, folded, envelopes);
    return { events: envelopes, folded };
  }
}
