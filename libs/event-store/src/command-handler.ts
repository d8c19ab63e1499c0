import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import type { Aggregate } from './decider';
import { CommandSession, type Executed, type ExecuteOptions } from './command-session';
import { type EventStore, StreamVersionConflict } from './event-store';

/** Attempts of a command that lost a race (without If-Match it is re-read and re-decided). */
const MAX_ATTEMPTS = 5;

export interface CommandOptions {
  context: RequestContext;
  /** Further errors that mean "lost a race, decide again" (e.g. a unique index on a natural key). */
  retryOn?: (error: unknown) => boolean;
}

/**
 * The command path, written once (emmett's CommandHandler): a transaction in which the
 * service's work locks, decides, appends with the expected version and projects; a lost race
 * (`StreamVersionConflict`) is re-run on the new state, and after the last attempt reported
 * as 409 CONCURRENT_MODIFICATION.
 */
export class CommandHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
  ) {}

  /** Runs `work` in one command transaction, re-running it when it lost a race. */
  async run<R>(options: CommandOptions, work: (session: CommandSession) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional((tx) => work(new CommandSession(tx, options.context, this.store)));
      } catch (error) {
        const lostRace = error instanceof StreamVersionConflict || options.retryOn?.(error) === true;
        if (!lostRace || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** One command on one stream; `reply` builds the answer inside the same transaction. */
  handle<S, C, R>(
    aggregate: Aggregate<S, C>,
    streamId: string,
    command: C,
    options: CommandOptions & ExecuteOptions,
    reply: (executed: Executed<S>, session: CommandSession) => R | Promise<R>,
  ): Promise<R> {
    return this.run(options, async (session) => reply(await session.execute(aggregate, streamId, command, options), session));
  }
}
