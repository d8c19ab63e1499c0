import type { ItemSnapshot } from '@uehub/contracts';
import type { NewEvent } from '@uehub/event-store';
import { decideItem, evolveItem, type ItemCommand, type ItemState } from './item.decide';

const drill: ItemSnapshot = { sku: 'DR-1', name: 'Drill', description: null, location: 'Depot', qty: 10, minQty: 3, userId: null };
const created: NewEvent = { type: 'inventory.item.created', data: drill };

function given(...history: NewEvent[]) {
  const state = history.reduce<ItemState>(evolveItem, null);
  return {
    when(command: ItemCommand) {
      try {
        return { events: decideItem(command, state), types: decideItem(command, state).map((e) => e.type) };
      } catch (error) {
        return { error: (error as { code?: string }).code };
      }
    },
  };
}

const move = (kind: 'receive' | 'issue' | 'adjust' | 'transfer', quantity: number, extra: object = {}): ItemCommand => ({
  kind: 'move',
  movement: { kind, quantity, ...extra },
  ...(kind === 'transfer' ? { toItemId: 'target' } : {}),
});

describe('stock rules', () => {
  describe('when issuing', () => {
    it('should take stock and refuse to go below zero', () => {
      expect(given(created).when(move('issue', 4)).events).toEqual([
        { type: 'inventory.stock.issued', data: { quantity: 4, qtyBefore: 10, qtyAfter: 6, reason: null } },
      ]);
      expect(given(created).when(move('issue', 11)).error).toBe('INSUFFICIENT_STOCK');
    });
    it('should signal low stock once, on the crossing', () => {
      expect(given(created).when(move('issue', 7)).types).toEqual(['inventory.stock.issued', 'inventory.item.low_stock']);
      const low: NewEvent = { type: 'inventory.stock.issued', data: { quantity: 7, qtyBefore: 10, qtyAfter: 3, reason: null } };
      expect(given(created, low).when(move('issue', 1)).types).toEqual(['inventory.stock.issued']);
      expect(given(created, low).when(move('receive', 5)).types).toEqual(['inventory.stock.received', 'inventory.item.restocked']);
    });
  });

  describe('when adjusting and transferring', () => {
    it('should set the quantity with a reason', () => {
      expect(given(created).when(move('adjust', 42, { reason: 'count' })).events?.[0]).toMatchObject({ data: { qtyBefore: 10, qtyAfter: 42 } });
      expect(given(created).when(move('adjust', 42)).error).toBe('VALIDATION_FAILED');
    });
    it('should move stock out to another location only', () => {
      expect(given(created).when(move('transfer', 2, { toLocation: 'Van 3' })).events?.[0]).toMatchObject({
        type: 'inventory.stock.transferred_out',
        data: { qtyAfter: 8, toLocation: 'Van 3', toItemId: 'target' },
      });
      expect(given(created).when(move('transfer', 2, { toLocation: 'Depot' })).error).toBe('RULE_VIOLATED');
      expect(given(created).when(move('transfer', 20, { toLocation: 'Van 3' })).error).toBe('INSUFFICIENT_STOCK');
    });
    it('should receive a transfer on the target', () => {
      const { events } = given(created).when({ kind: 'transfer_in', transfer: { quantity: 2, fromLocation: 'Yard', fromItemId: 'src', reason: null } });
      expect(events?.[0]).toMatchObject({ type: 'inventory.stock.transferred_in', data: { qtyBefore: 10, qtyAfter: 12 } });
    });
  });

  describe('when updating', () => {
    it('should record changed fields, assignment, and a crossing caused by min_qty', () => {
      const { types, events } = given(created).when({ kind: 'update', patch: { name: 'Drill XL', minQty: 10, userId: 'u1' } });
      expect(types).toEqual(['inventory.item.updated', 'inventory.item.assigned', 'inventory.item.low_stock']);
      expect(events?.[0].changes).toEqual({ name: { from: 'Drill', to: 'Drill XL' }, minQty: { from: 3, to: 10 } });
    });
  });

  it('should treat a deleted item as gone', () => {
    const deleted: NewEvent = { type: 'inventory.item.deleted', data: {} };
    expect(given(created, deleted).when(move('receive', 1)).error).toBe('NOT_FOUND');
    expect(given().when(move('receive', 1)).error).toBe('NOT_FOUND');
  });
});

describe('creating an item', () => {
  it('should record initial stock as a receipt, so every unit has a movement', () => {
    expect(given().when({ kind: 'create', item: drill }).events).toEqual([
      { type: 'inventory.item.created', data: { ...drill, qty: 0 } },
      { type: 'inventory.stock.received', data: { quantity: 10, qtyBefore: 0, qtyAfter: 10, reason: 'initial stock' } },
    ]);
    expect(given().when({ kind: 'create', item: { ...drill, qty: 0 } }).types).toEqual(['inventory.item.created']);
  });
});
