import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { markReplayed } from '@uehub/messaging';
import { inSpan, SpanKind } from '@uehub/observability';
import { assertBeforeDeadline, deadlineError, deadlineSettings, timeLeft } from './command-deadline';
import { CommandSession, type Executed, type ExecuteOptions } from './command-session';
import type { Aggregate } from './decider';
import { StreamVersionConflict, type EventStore } from './event-store';
import { serviceWriterSettings, setLocal } from './out-of-band';
import { traceContextSettings } from './trace-context-store';
import { IdempotencyStore, requestFingerprint, type IdempotencyRecord, type StoredAnswer } from './idempotency-store';

/** Attempts of a command that lost a race (without If-Match it is re-read and re-decided). */
const MAX_ATTEMPTS = 5;
/** How long a repeat waits for the first request with its key before 409 IDEMPOTENCY_KEY_IN_USE. */
const IDEMPOTENCY_WAIT_MS = 5_000;
const TRANSACTION_SPAN = { kind: SpanKind.INTERNAL, attributes: { 'db.system.name': 'postgresql' } };
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
 * decide, append with the expected version, project), stores the answer with the key, and
 * commits only before the caller's deadline. A transaction that lost a race is rolled back and
 * run again (409 CONCURRENT_MODIFICATION after the last attempt). Round trips are counted
 * (docs/performance.md): a command without a key on one stream is begin, one settings
 * statement, the service's statements, commit.
 */
export class CommandHandler {
  private readonly idempotency: IdempotencyStore;
  /** Each attempt's transaction is a span (`transaction <service>`), parent of the relay's publish of its events. */
  private readonly spanName: string;
  private lastPrune = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
  ) {
    this.idempotency = new IdempotencyStore(store.tables);
    this.spanName = `transaction ${store.tables.prefix}`;
  }

  /** Runs `work` as one command transaction, again (a new transaction) when it lost a race. */
  async run<R>(options: CommandOptions, work: (session: CommandSession) => Promise<R>): Promise<R> {
    const { context } = options;
    assertBeforeDeadline(context, 'the command started');
    const record = idempotencyRecordOf(options);
    if (record) await this.pruneNow();
    let outcome: { answer: StoredAnswer; replayed: boolean };
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) assertBeforeDeadline(context, 'the command could be decided again');
      try {
        outcome = await inSpan(this.spanName, TRANSACTION_SPAN, () => this.orm.em.fork().transactional((tx) => this.transaction(tx, options, record, work)));
        break;
      } catch (error) {
        const lostRace = error instanceof StreamVersionConflict || options.retryOn?.(error) === true;
        if (lostRace && attempt < MAX_ATTEMPTS) continue;
        throw deadlineError(error, context) ?? error;
      }
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

  /**
   * One attempt: the transaction's settings in one statement, the key's claim, the work, the
   * answer stored with the key. Without a key the work runs straight in the transaction (a lost
   * race rolls it all back and `run` starts again); with one, in a savepoint, so that a refusal
   * is rolled back and stored as the key's answer.
   */
  private async transaction<R>(
    tx: EntityManager,
    options: CommandOptions,
    record: IdempotencyRecord | undefined,
    work: (session: CommandSession) => Promise<R>,
  ): Promise<{ answer: StoredAnswer; replayed: boolean }> {
    const { context } = options;
    const keyWait = record ? this.idempotency.waitSettings(keyWaitMs(context)) : {};
    await setLocal(tx, { ...deadlineSettings(context), ...serviceWriterSettings(this.store.tables), ...keyWait, ...traceContextSettings() });
    const stored = record ? await this.idempotency.claim(tx, record) : undefined;
    if (stored) return { answer: stored, replayed: true };
    const session = new CommandSession(tx, context, this.store);
    const answer = record ? await this.keptAnswer(tx, () => work(session)) : { ok: true as const, data: (await work(session)) ?? null };
    if (record) await this.idempotency.store(tx, record, answer);
    assertBeforeDeadline(context, 'the command could commit');
    return { answer, replayed: false };
  }

  /** Runs the work in a savepoint; a refusal the same request would get again is rolled back and becomes the answer. */
  private async keptAnswer(tx: EntityManager, work: () => Promise<unknown>): Promise<StoredAnswer> {
    await tx.execute('savepoint command_attempt');
    try {
      const data = await work();
      await tx.execute('release savepoint command_attempt');
      return { ok: true, data: data ?? null };
    } catch (error) {
      if (!isStorableRefusal(error)) throw error;
      await tx.execute('rollback to savepoint command_attempt');
      tx.clear(); // the identity map may hold rows of the rolled-back work
      return { ok: false, error: error.toBody() };
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
