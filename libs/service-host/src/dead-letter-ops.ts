import { Injectable } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { encodeCursor, pageQuerySchema, safeText, type BackendService, type DeadLetterView, type Page } from '@uehub/contracts';
import { AppError, cursorOrThrow } from '@uehub/errors';
import {
  DeadLetters,
  OUTBOX_DEAD_LETTER_CONSUMER,
  storeTables,
  type DeadLetterTarget,
  type EventConsumer,
  type OutboxRelay,
  type StoredDeadLetter,
} from '@uehub/event-store';
import { fitPage } from '@uehub/messaging';
import { z } from 'zod';

/** The query of `dead_letters.list`, re-checked here (the gateway checks it too). */
export const deadLetterListSchema = pageQuerySchema.extend({ consumer: safeText(100, 1).optional(), includeResolved: z.boolean().optional() });
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

function toView({ streamSequence: _streamSequence, ...letter }: StoredDeadLetter): DeadLetterView {
  return {
    ...letter,
    createdAt: letter.createdAt.toISOString(),
    retriedAt: letter.retriedAt?.toISOString() ?? null,
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
  };
}

/**
 * `<service>.dead_letters.list` and `.retry` (admins; the `@RequireRoles` on `ServiceOpsRpc`):
 * the dead-letter table as an operation. Outbox rows the relay parked are listed there too and
 * retried by the relay.
 */
export class DeadLetterOps {
  private readonly letters: DeadLetters;

  constructor(
    private readonly service: BackendService,
    orm: MikroORM,
    private readonly registry: ConsumerRegistry,
    private readonly relay: OutboxRelay,
  ) {
    this.letters = new DeadLetters(orm, storeTables(service));
  }

  async list(query: z.output<typeof deadLetterListSchema>): Promise<Page<DeadLetterView>> {
    const after = query.cursor ? cursorOrThrow(query.cursor, ID_KEY)[0] : undefined;
    const items = await this.letters.list({ consumer: query.consumer, unresolvedOnly: !query.includeResolved, after, limit: query.limit + 1 });
    return fitPage(items.map(toView), query.limit, (letter) => encodeCursor([letter.id]));
  }

  async retry(id: string): Promise<{ resolved: boolean; deadLetter: DeadLetterView }> {
    const letter = await this.letters.find(id);
    if (!letter) throw new AppError('NOT_FOUND', 'No such dead letter');
    const target: DeadLetterTarget | undefined = letter.consumer === OUTBOX_DEAD_LETTER_CONSUMER ? this.relay : this.registry.get(letter.consumer);
    if (!target) throw new AppError('RULE_VIOLATED', `No consumer "${letter.consumer}" runs in ${this.service}`);
    const resolved = await this.letters.retry(id, target);
    return { resolved, deadLetter: toView((await this.letters.find(id))!) };
  }
}
