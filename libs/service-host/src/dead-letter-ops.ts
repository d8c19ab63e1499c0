import { Injectable } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  ADMIN_ROLES,
  encodeCursor,
  pageQuerySchema,
  safeText,
  uuidSchema,
  type BackendService,
  type DeadLetterView,
  type RequestContext,
} from '@uehub/contracts';
import { AppError, assertActorRole, cursorOrThrow, parseOrThrow, requireCaller } from '@uehub/errors';
import {
  DeadLetters,
  OUTBOX_DEAD_LETTER_CONSUMER,
  storeTables,
  type DeadLetterTarget,
  type EventConsumer,
  type OutboxRelay,
  type StoredDeadLetter,
} from '@uehub/event-store';
import { fitPage, type RpcServer } from '@uehub/messaging';
import { z } from 'zod';

/** The query of `dead_letters.list`, re-checked here (the gateway checks it too). */
const listSchema = pageQuerySchema.extend({ consumer: safeText(100, 1).optional(), includeResolved: z.boolean().optional() });
const ID_KEY = z.tuple([z.uuid()]);

/** The event consumers a service runs, by durable name, so their dead letters can be retried. */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, EventConsumer>();

  register(consumer: EventConsumer): void {
    this.consumers.set(consumer.durable, consumer);
  }

  get(durable: string): EventConsumer | undefined {
    return this.consumers.get(durable);
  }
}

function assertOperator(context: RequestContext | undefined): void {
  assertActorRole(requireCaller(context).actor, ADMIN_ROLES, 'manage dead letters');
}

function toView({ streamSequence: _streamSequence, ...letter }: StoredDeadLetter): DeadLetterView {
  return {
    ...letter,
    createdAt: letter.createdAt.toISOString(),
    retriedAt: letter.retriedAt?.toISOString() ?? null,
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
  };
}

/**
 * Serves `<service>.dead_letters.list` and `.retry` (admins): the dead-letter table as an
 * operation. Outbox rows the relay parked are listed there too and retried by the relay.
 */
export function serveDeadLetters(rpc: RpcServer, service: BackendService, orm: MikroORM, registry: ConsumerRegistry, relay: OutboxRelay): void {
  const letters = new DeadLetters(orm, storeTables(service));
  rpc.servePerService(service, 'dead_letters.list', async (payload, context) => {
    assertOperator(context);
    const query = parseOrThrow(listSchema, payload, 'query');
    const after = query.cursor ? cursorOrThrow(query.cursor, ID_KEY)[0] : undefined;
    const items = await letters.list({ consumer: query.consumer, unresolvedOnly: !query.includeResolved, after, limit: query.limit + 1 });
    return fitPage(items.map(toView), query.limit, (letter) => encodeCursor([letter.id]));
  });
  rpc.servePerService(service, 'dead_letters.retry', async (payload, context) => {
    assertOperator(context);
    const id = parseOrThrow(uuidSchema, payload.id, 'dead letter id');
    const letter = await letters.find(id);
    if (!letter) throw new AppError('NOT_FOUND', 'No such dead letter');
    const target: DeadLetterTarget | undefined = letter.consumer === OUTBOX_DEAD_LETTER_CONSUMER ? relay : registry.get(letter.consumer);
    if (!target) throw new AppError('RULE_VIOLATED', `No consumer "${letter.consumer}" runs in ${service}`);
    const resolved = await letters.retry(id, target);
    return { resolved, deadLetter: toView((await letters.find(id))!) };
  });
}
