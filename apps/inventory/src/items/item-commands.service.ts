import { Injectable } from '@nestjs/common';
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
import { CommandHandler, isUniqueViolation, type CommandOptions, type CommandSession, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { UserRefs } from '@uehub/user-replica';
import { itemAggregate } from './item.aggregate';
import type { ItemState } from './item.decide';
import { movementOf } from './item-projector';
import { itemRepository, toMovementView } from './item.repository';
import { transferTarget } from './transfer';

/**
 * Item commands on the shared command handler: it locks the item row (`FOR UPDATE`), decides
 * on it, appends with its version and projects in the same transaction, so concurrent
 * movements on one item queue up instead of failing and stock never goes below zero. Two
 * creators racing for one SKU at a location are re-decided (the loser then sees the winner).
 */
@Injectable()
export class ItemCommands {
  constructor(
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
  ) {}

  async create(input: CreateItemInput, context: RequestContext): Promise<ItemView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'create items');
    const item = { ...input, description: input.description ?? null, userId: input.userId ?? null };
    if (item.userId) await this.users.requireActive(item.userId);
    const id = uuidv7();
    return this.run(context, { pattern: 'inventory.items.create', payload: input }, async (session) => {
      if (item.userId) await this.users.recheck(session.tx, item.userId);
      if (await itemRepository.findBySkuAt(session.tx, item.sku, item.location)) throw duplicate();
      return itemViewOf(id, await session.execute(itemAggregate, id, { kind: 'create', item }));
    });
  }

  async update(id: string, patch: UpdateItemInput, expectedVersion: number | undefined, context: RequestContext): Promise<ItemView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'change items');
    if (patch.userId) await this.users.requireActive(patch.userId);
    return this.run(context, { pattern: 'inventory.items.update', payload: { id, patch, expectedVersion } }, async (session) => {
      if (patch.userId) await this.users.recheck(session.tx, patch.userId);
      return itemViewOf(id, await session.execute(itemAggregate, id, { kind: 'update', patch }, { expectedVersion }));
    });
  }

  async delete(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<void> {
    assertActorRole(context.actor, ADMIN_ROLES, 'delete items');
    await this.run(context, { pattern: 'inventory.items.delete', payload: { id, expectedVersion } }, async (session) => {
      await session.execute(itemAggregate, id, { kind: 'delete' }, { expectedVersion });
    });
  }

  async move(
    id: string,
    movement: MovementInput,
    expectedVersion: number | undefined,
    context: RequestContext,
  ): Promise<{ movement: MovementView; item: ItemView }> {
    assertActorRole(context.actor, EMPLOYEE_ROLES, 'move stock');
    return this.run(context, { pattern: 'inventory.items.move', payload: { id, movement, expectedVersion } }, async (session) => {
      const target = movement.kind === 'transfer' ? await transferTarget(session.tx, id, movement) : undefined;
      const source = await session.execute(itemAggregate, id, { kind: 'move', movement, toItemId: target?.id }, { expectedVersion });
      const [out] = source.events;
      if (target) {
        const { deleted: _deleted, ...from } = liveState(source);
        if (!target.row) {
          const item = { ...from, location: movement.toLocation!, qty: 0, userId: null };
          await session.execute(itemAggregate, target.id, { kind: 'create', item });
        }
        const transfer = { quantity: movement.quantity, fromLocation: from.location, fromItemId: id, reason: movement.reason ?? null };
        await session.execute(itemAggregate, target.id, { kind: 'transfer_in', transfer }, { causationId: out.id });
      }
      return { movement: toMovementView(movementOf(out)!), item: itemViewOf(id, source) };
    });
  }

  /** A command transaction; a race that created the same SKU at a location is re-decided, then reported. */
  private async run<T>(context: RequestContext, request: CommandOptions['request'], work: (session: CommandSession) => Promise<T>): Promise<T> {
    try {
      return await this.commands.run({ context, request, retryOn: (error) => isUniqueViolation(error, 'sku_location') }, work);
    } catch (error) {
      if (isUniqueViolation(error, 'sku_location')) throw duplicate();
      throw error;
    }
  }
}

function duplicate(): AppError {
  return new AppError('ALREADY_EXISTS', 'An item with this SKU exists at this location already');
}

function liveState({ folded }: Executed<ItemState>): NonNullable<ItemState> {
  if (!folded?.state || folded.state.deleted) throw new AppError('NOT_FOUND', 'No such item');
  return folded.state;
}

/** The API view of an item stream after a command. */
function itemViewOf(id: string, executed: Executed<ItemState>): ItemView {
  const { deleted: _deleted, ...item } = liveState(executed);
  const folded = executed.folded!;
  return { id, ...item, lowStock: item.qty <= item.minQty, createdAt: folded.createdAt, updatedAt: folded.updatedAt, version: folded.version };
}
