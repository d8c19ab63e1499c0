import { PG_INT_MAX, type Changes, type EventPayloads, type ItemSnapshot, type MovementInput, type StockMovementData, type UpdateItemInput } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';

/** The decision state of an item stream: a fold of its events (null before creation). */
export type ItemState = (ItemSnapshot & { deleted: boolean }) | null;

/** The target side of a transfer, decided on the target item's own stream. */
export interface TransferIn {
  quantity: number;
  fromLocation: string;
  fromItemId: string;
  reason: string | null;
}

export type ItemCommand =
  | { kind: 'create'; item: ItemSnapshot }
  | { kind: 'update'; patch: UpdateItemInput }
  | { kind: 'delete' }
  | { kind: 'move'; movement: MovementInput; toItemId?: string }
  | { kind: 'transfer_in'; transfer: TransferIn };

const isLow = (s: { qty: number; minQty: number }) => s.qty <= s.minQty;

/** The reason recorded for the stock an item is created with. */
export const INITIAL_STOCK = 'initial stock';

/** Pure stock rules: a command and the current state go in, events come out (or a refusal). */
export function decideItem(command: ItemCommand, state: ItemState): NewEvent[] {
  if (command.kind === 'create') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The item exists already');
    // stock changes only through movements: initial stock is a receipt, so the ledger is complete
    const { qty } = command.item;
    const created: NewEvent = { type: 'inventory.item.created', data: { ...command.item, qty: 0 } };
    if (qty === 0) return [created];
    return [created, { type: 'inventory.stock.received', data: stock(0, qty, qty, INITIAL_STOCK) }];
  }
  const item = live(state);
  switch (command.kind) {
    case 'update':
      return decideUpdate(command.patch, item);
    case 'delete':
      return [{ type: 'inventory.item.deleted', data: {}, changes: { deleted: { from: false, to: true } } }];
    case 'move':
      return withCrossing(item, decideMovement(command.movement, item, command.toItemId));
    case 'transfer_in': {
      const { quantity, fromLocation, fromItemId, reason } = command.transfer;
      const data = { ...stock(item.qty, item.qty + quantity, quantity, reason), fromLocation, fromItemId };
      return withCrossing(item, [{ type: 'inventory.stock.transferred_in', data }]);
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown item command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

function decideUpdate(patch: UpdateItemInput, item: ItemSnapshot): NewEvent[] {
  const events: NewEvent[] = [];
  const changes: Changes = {};
  const data: EventPayloads['inventory.item.updated'] = {};
  for (const field of ['name', 'description', 'minQty'] as const) {
    const next = patch[field];
    if (next === undefined || next === item[field]) continue;
    changes[field] = { from: item[field], to: next };
    Object.assign(data, { [field]: next });
  }
  if (Object.keys(changes).length) events.push({ type: 'inventory.item.updated', data, changes });
  if (patch.userId !== undefined && patch.userId !== item.userId) {
    events.push({
      type: 'inventory.item.assigned',
      data: { from: item.userId, to: patch.userId },
      changes: { userId: { from: item.userId, to: patch.userId } },
    });
  }
  return withCrossing(item, events);
}

function decideMovement(movement: MovementInput, item: ItemSnapshot, toItemId?: string): NewEvent[] {
  const { quantity } = movement;
  const reason = movement.reason ?? null;
  switch (movement.kind) {
    case 'receive':
      return [{ type: 'inventory.stock.received', data: stock(item.qty, item.qty + quantity, quantity, reason) }];
    case 'issue':
      assertInStock(item, quantity);
      return [{ type: 'inventory.stock.issued', data: stock(item.qty, item.qty - quantity, quantity, reason) }];
    case 'adjust':
      if (!reason) throw new AppError('VALIDATION_FAILED', 'An adjustment needs a reason', [{ path: 'reason', message: 'required' }]);
      return [{ type: 'inventory.stock.adjusted', data: stock(item.qty, quantity, quantity, reason) }];
    case 'transfer': {
      const toLocation = movement.toLocation;
      if (!toLocation || !toItemId) throw new AppError('VALIDATION_FAILED', 'A transfer needs toLocation');
      if (toLocation === item.location) throw new AppError('RULE_VIOLATED', 'A transfer must go to another location');
      assertInStock(item, quantity);
      const data = { ...stock(item.qty, item.qty - quantity, quantity, reason), toLocation, toItemId };
      return [{ type: 'inventory.stock.transferred_out', data }];
    }
    default: {
      const unknownKind: never = movement.kind;
      throw new Error(`Unknown movement ${String(unknownKind)}`);
    }
  }
}

/** Adds `low_stock` when the events take the item to min_qty or below, `restocked` when back above. */
function withCrossing(before: ItemSnapshot, events: NewEvent[]): NewEvent[] {
  const after = events.reduce<ItemState>(evolveItem, { ...before, deleted: false });
  if (!after || events.length === 0) return events;
  const signal = { qty: after.qty, minQty: after.minQty };
  if (!isLow(before) && isLow(after)) return [...events, { type: 'inventory.item.low_stock', data: signal }];
  if (isLow(before) && !isLow(after)) return [...events, { type: 'inventory.item.restocked', data: signal }];
  return events;
}

/** Folds one event into the state. */
export function evolveItem(state: ItemState, event: NewEvent): ItemState {
  if (event.type === 'inventory.item.created') return { ...event.data, deleted: false };
  if (!state) return state;
  switch (event.type) {
    case 'inventory.item.updated':
      return { ...state, ...event.data };
    case 'inventory.item.assigned':
      return { ...state, userId: event.data.to };
    case 'inventory.item.deleted':
      return { ...state, deleted: true };
    case 'inventory.stock.received':
    case 'inventory.stock.issued':
    case 'inventory.stock.adjusted':
    case 'inventory.stock.transferred_out':
    case 'inventory.stock.transferred_in':
      return { ...state, qty: event.data.qtyAfter };
    default:
      return state;
  }
}

/** The item rules as the command handler and the decider specification take them. */
export const itemDecider: Decider<ItemState, ItemCommand> = {
  initialState: null,
  decide: (command, state) => decideItem(command, state),
  evolve: evolveItem,
};

function live(state: ItemState): ItemSnapshot {
  if (!state || state.deleted) throw new AppError('NOT_FOUND', 'No such item');
  return state;
}

function assertInStock(item: ItemSnapshot, quantity: number): void {
  if (item.qty < quantity) {
    throw new AppError('INSUFFICIENT_STOCK', `Only ${item.qty} in stock at ${item.location}; ${quantity} requested`);
  }
}

function stock(qtyBefore: number, qtyAfter: number, quantity: number, reason: string | null): StockMovementData {
  // the stock column is an int4: refuse here rather than let PostgreSQL fail the write
  if (qtyAfter > PG_INT_MAX) throw new AppError('RULE_VIOLATED', `The stock would be ${qtyAfter}, over the maximum of ${PG_INT_MAX}`);
  return { quantity, qtyBefore, qtyAfter, reason };
}
