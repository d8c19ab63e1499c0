import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { markReplayed } from '@uehub/messaging';
import { assertBeforeDeadline, deadlineError, limitStatementsToDeadline, timeLeft } from './command-deadline';
import { CommandSession, type Executed, type ExecuteOptions } from './command-session';
import type { Aggregate } from './decider';
import { StreamVersionConflict, type EventStore } from './event-store';
import { markServiceWriter } from './out-of-band';
import { IdempotencyStore, requestFingerprint, type IdempotencyRecord, type StoredAnswer } from './idempotency-store';

/** Attempts of a command that lost a race (without If-Match it is re-read and re-decided). */
const MAX_ATTEMPTS = 5;
/** How long a repeat waits for the first request with its key before 409 IDEMPOTENCY_KEY_IN_USE. */
const IDEMPOTENCY_WAIT_MS = 5_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * The wait for a key still held ends well before the caller's deadline (a quarter of the time
 * left is kept), so the lock timeout fires before the deadline's statement timeout and the
 * caller hears the actionable 409 IDEMPOTENCY_KEY_IN_USE rather than a timeout.
 */
function keyWaitMs(context: RequestContext): number {
  return Math.min(IDEMPOTENCY_WAIT_MS, timeLeft(context) * 0.75);
}

export interface CommandOptions {
  context: RequestContext;
  /** Further errors that mean "lost a race, decide again" (e.g. a unique index on a natural key). */
  retryOn?: (error: unknown) => boolean;
  /** The request as the service received it (pattern, parsed payload without secrets): guards the Idempotency-Key. */
  request?: { pattern: string; payload: unknown };
}

/**
 * The command path, written once (emmett's CommandHandler). One transaction that: claims the
 * caller's Idempotency-Key (a repeat replays the stored answer), runs the service's work (lock,
 * decide, append with the expected version, project) in a savepoint that is re-run when it lost
 * a race (409 CONCURRENT_MODIFICATION after the last attempt), stores the answer with the key,
 * and commits only before the caller's deadline.
 */
export class CommandHandler {
  private readonly idempotency: IdempotencyStore;
  private lastPrune = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
  ) {
    this.idempotency = new IdempotencyStore(store.tables);
  }

  /** Runs `work` as one command transaction. */
  async run<R>(options: CommandOptions, work: (session: CommandSession) => Promise<R>): Promise<R> {
    const { context } = options;
    assertBeforeDeadline(context, 'the command started');
    const record = idempotencyRecordOf(options);
    if (record) await this.pruneNow();
    let outcome: { answer: StoredAnswer; replayed: boolean };
    try {
      outcome = await this.orm.em.fork().transactional(async (tx) => {
        await limitStatementsToDeadline(tx, context);
        await markServiceWriter(tx, this.store.tables);
        const stored = record ? await this.idempotency.claim(tx, record, keyWaitMs(context)) : undefined;
        if (stored) return { answer: stored, replayed: true };
        const answer = await this.attempts(tx, options, work, record !== undefined);
        if (record) await this.idempotency.store(tx, record, answer);
        assertBeforeDeadline(context, 'the command could commit');
        return { answer, replayed: false };
      });
    } catch (error) {
      throw deadlineError(error, context) ?? error;
    }
    if (outcome.replayed) markReplayed();
    if (!outcome.answer.ok) throw AppError.fromBody(outcome.answer.error);
    // the data a stored answer holds is what this same command returned (as JSON)
    return outcome.answer.data as R;
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

  /** Runs the work in a savepoint, again when it lost a race; a refusal becomes a storable answer when `keepRefusals`. */
  private async attempts<R>(tx: EntityManager, options: CommandOptions, work: (session: CommandSession) => Promise<R>, keepRefusals: boolean): Promise<StoredAnswer> {
    for (let attempt = 1; ; attempt++) {
      await tx.execute('savepoint command_attempt');
      try {
        const data = await work(new CommandSession(tx, options.context, this.store));
        await tx.execute('release savepoint command_attempt');
        return { ok: true, data: data ?? null };
      } catch (error) {
        await tx.execute('rollback to savepoint command_attempt').catch(() => {
          throw error;
        });
        tx.clear(); // the identity map may hold rows of the rolled-back attempt
        const lostRace = error instanceof StreamVersionConflict || options.retryOn?.(error) === true;
        if (lostRace && attempt < MAX_ATTEMPTS) continue;
        if (keepRefusals && isStorableRefusal(error)) return { ok: false, error: error.toBody() };
        throw error;
      }
    }
  }

  private async pruneNow(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.idempotency.prune(this.orm.em.fork()).catch(() => 0);
  }
}

/** A 4xx that the same request would get again; a lost race (409 CONCURRENT_MODIFICATION) may go the other way on a retry. */
function isStorableRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.status < 500 && error.code !== 'CONCURRENT_MODIFICATION';
}

function idempotencyRecordOf({ context, request }: CommandOptions): IdempotencyRecord | undefined {
  const key = context.idempotencyKey;
  if (key === undefined || !request) return undefined;
  if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be a string of 1 to 255 characters', [{ path: 'Idempotency-Key', message: 'not valid' }]);
  }
  return { callerId: context.actor.id, key, fingerprint: requestFingerprint(request.pattern, request.payload) };
}
