import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ADMIN_ROLES,
  EMPLOYEE_ROLES,
  MANAGER_ROLES,
  type CreateItemInput,
  type ItemView,
  type MovementInput,
  type MovementView,
  type RequestContext,
  type UpdateItemInput,
} from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { EventStore, isUniqueViolation, type NewEvent } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { UserRefs } from '../users/user-refs.service';
import { decideItem, type ItemCommand } from './item.decide';
import { projectItemEvent } from './item-projector';
import { itemRepository, snapshotOf, toItemView, type ItemRow } from './item.repository';
import { LIVE_TABLES } from './item-tables';
import { transferTarget } from './transfer';

/** Attempts when two transfers race to create the same target item. */
const MAX_ATTEMPTS = 3;

/**
 * Item commands. Each locks the item row (`FOR UPDATE`), decides on it, appends with its
 * version and projects in the same transaction: concurrent movements on one item queue up
 * instead of failing, and stock can never go below zero.
 */
@Injectable()
export class ItemCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
    private readonly users: UserRefs,
  ) {}

  async create(input: CreateItemInput, context: RequestContext): Promise<ItemView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'create items');
    const item = { ...input, description: input.description ?? null, userId: input.userId ?? null };
    if (item.userId) await this.users.requireActive(item.userId);
    const id = uuidv7();
    return this.transaction(async (tx) => {
      if (item.userId) await this.users.recheck(tx, item.userId);
      if (await itemRepository.findBySkuAt(tx, item.sku, item.location)) throw duplicate();
      await this.apply(tx, id, 0, decideItem({ kind: 'create', item }, null), context);
      return this.view(tx, id);
    });
  }

  async update(id: string, patch: UpdateItemInput, expectedVersion: number | undefined, context: RequestContext): Promise<ItemView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'change items');
    if (patch.userId) await this.users.requireActive(patch.userId);
    return this.transaction(async (tx) => {
      if (patch.userId) await this.users.recheck(tx, patch.userId);
      await this.decideAndApply(tx, await this.lock(tx, id, expectedVersion), { kind: 'update', patch }, context);
      return this.view(tx, id);
    });
  }

  async delete(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<void> {
    assertActorRole(context.actor, ADMIN_ROLES, 'delete items');
    await this.transaction(async (tx) => {
      await this.decideAndApply(tx, await this.lock(tx, id, expectedVersion), { kind: 'delete' }, context);
    });
  }

  async move(
    id: string,
    movement: MovementInput,
    expectedVersion: number | undefined,
    context: RequestContext,
  ): Promise<{ movement: MovementView; item: ItemView }> {
    assertActorRole(context.actor, EMPLOYEE_ROLES, 'move stock');
    return this.transaction(async (tx) => {
      const target = movement.kind === 'transfer' ? await transferTarget(tx, id, movement) : undefined;
      const source = await this.lock(tx, id, expectedVersion);
      const toItemId = target?.id;
      const [out] = await this.decideAndApply(tx, source, { kind: 'move', movement, toItemId }, context);
      if (target) {
        const transfer = { quantity: movement.quantity, fromLocation: source.location, fromItemId: id, reason: movement.reason ?? null };
        const targetRow = target.row ?? (await this.createTransferTarget(tx, target.id, source, movement.toLocation!, context));
        await this.decideAndApply(tx, targetRow, { kind: 'transfer_in', transfer }, context, out.id);
      }
      return { movement: await itemRepository.movement(tx, out.id), item: await this.view(tx, id) };
    });
  }

  private async createTransferTarget(tx: EntityManager, id: string, source: ItemRow, location: string, context: RequestContext) {
    const item = { ...snapshotOf(source), location, qty: 0, userId: null };
    await this.apply(tx, id, 0, decideItem({ kind: 'create', item }, null), context);
    return (await itemRepository.find(tx, id, true))!;
  }

  private async lock(tx: EntityManager, id: string, expectedVersion: number | undefined): Promise<ItemRow> {
    const row = await itemRepository.find(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND', 'No such item');
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      throw new AppError('VERSION_MISMATCH', `The item is no longer at version ${expectedVersion}; read it again`);
    }
    return row;
  }

  private async decideAndApply(tx: EntityManager, row: ItemRow, command: ItemCommand, context: RequestContext, causationId?: string) {
    const events = decideItem(command, { ...snapshotOf(row), deleted: false });
    return this.apply(tx, row.id, row.version, events, context, causationId);
  }

  private async apply(tx: EntityManager, id: string, version: number, events: NewEvent[], context: RequestContext, causationId?: string) {
    if (events.length === 0) return [];
    const envelopes = await this.store.append(tx, { streamType: 'item', streamId: id, expectedVersion: version, events, context, causationId });
    for (const envelope of envelopes) await projectItemEvent(tx, LIVE_TABLES, envelope);
    return envelopes;
  }

  private async view(tx: EntityManager, id: string): Promise<ItemView> {
    return toItemView((await itemRepository.find(tx, id))!);
  }

  /** Runs a command transaction; a race that created the same SKU at a location is retried, then reported. */
  private async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional(work);
      } catch (error) {
        if (!isUniqueViolation(error, 'sku_location')) throw error;
        if (attempt >= MAX_ATTEMPTS) throw duplicate();
      }
    }
  }
}

function duplicate(): AppError {
  return new AppError('ALREADY_EXISTS', 'An item with this SKU exists at this location already');
}
