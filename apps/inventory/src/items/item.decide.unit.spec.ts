import type { ItemSnapshot } from '@uehub/contracts';
import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { itemDecider, type ItemCommand } from './item.decide';

const spec = deciderSpecification(itemDecider);
const drill: ItemSnapshot = { sku: 'DR-1', name: 'Drill', description: null, location: 'Depot', qty: 10, minQty: 3, userId: null };
const created: NewEvent = { type: 'inventory.item.created', data: drill };
const stock = (quantity: number, qtyBefore: number, qtyAfter: number, reason: string | null = null) => ({ quantity, qtyBefore, qtyAfter, reason });

const move = (kind: 'receive' | 'issue' | 'adjust' | 'transfer', quantity: number, extra: object = {}): ItemCommand => ({
  kind: 'move',
  movement: { kind, quantity, ...extra },
  ...(kind === 'transfer' ? { toItemId: 'target' } : {}),
});

describe('stock rules', () => {
  describe('when issuing', () => {
    it('should take stock', () => {
      spec.given(created).when(move('issue', 4)).then([{ type: 'inventory.stock.issued', data: stock(4, 10, 6) }]);
    });
    it('should refuse to go below zero', () => {
      spec.given(created).when(move('issue', 11)).thenThrows('INSUFFICIENT_STOCK');
    });
    it('should signal low stock once, on the crossing, and restocked when back above', () => {
      const low: NewEvent = { type: 'inventory.stock.issued', data: stock(7, 10, 3) };
      spec
        .given(created)
        .when(move('issue', 7))
        .then([low, { type: 'inventory.item.low_stock', data: { qty: 3, minQty: 3 } }]);
      spec.given(created, low).when(move('issue', 1)).then([{ type: 'inventory.stock.issued', data: stock(1, 3, 2) }]);
      spec
        .given(created, low)
        .when(move('receive', 5))
        .then([
          { type: 'inventory.stock.received', data: stock(5, 3, 8) },
          { type: 'inventory.item.restocked', data: { qty: 8, minQty: 3 } },
        ]);
    });
  });

  describe('when adjusting and transferring', () => {
    it('should set the quantity with a reason, and refuse one without', () => {
      spec.given(created).when(move('adjust', 42, { reason: 'count' })).then([{ type: 'inventory.stock.adjusted', data: stock(42, 10, 42, 'count') }]);
      spec.given(created).when(move('adjust', 42)).thenThrows('VALIDATION_FAILED');
    });
    it('should move stock out to another location only', () => {
      spec
        .given(created)
        .when(move('transfer', 2, { toLocation: 'Van 3' }))
        .then([{ type: 'inventory.stock.transferred_out', data: { ...stock(2, 10, 8), toLocation: 'Van 3', toItemId: 'target' } }]);
      spec.given(created).when(move('transfer', 2, { toLocation: 'Depot' })).thenThrows('RULE_VIOLATED');
      spec.given(created).when(move('transfer', 20, { toLocation: 'Van 3' })).thenThrows('INSUFFICIENT_STOCK');
    });
    it('should receive a transfer on the target', () => {
      spec
        .given(created)
        .when({ kind: 'transfer_in', transfer: { quantity: 2, fromLocation: 'Yard', fromItemId: 'src', reason: null } })
        .then([{ type: 'inventory.stock.transferred_in', data: { ...stock(2, 10, 12), fromLocation: 'Yard', fromItemId: 'src' } }]);
    });
  });

  describe('when updating', () => {
    it('should record changed fields, assignment, and a crossing caused by min_qty', () => {
      spec
        .given(created)
        .when({ kind: 'update', patch: { name: 'Drill XL', minQty: 10, userId: 'u1' } })
        .then([
          {
            type: 'inventory.item.updated',
            data: { name: 'Drill XL', minQty: 10 },
            changes: { name: { from: 'Drill', to: 'Drill XL' }, minQty: { from: 3, to: 10 } },
          },
          { type: 'inventory.item.assigned', data: { from: null, to: 'u1' }, changes: { userId: { from: null, to: 'u1' } } },
          { type: 'inventory.item.low_stock', data: { qty: 10, minQty: 10 } },
        ]);
    });
    it('should emit nothing when nothing changes', () => {
      spec.given(created).when({ kind: 'update', patch: { name: 'Drill' } }).then([]);
    });
  });

  describe('when deleting', () => {
    const deleted: NewEvent = { type: 'inventory.item.deleted', data: {}, changes: { deleted: { from: false, to: true } } };
    it('should record the deletion', () => {
      spec.given(created).when({ kind: 'delete' }).then([deleted]);
    });
    it('should treat a deleted item as gone for every later command (deletion is terminal)', () => {
      for (const command of [move('receive', 1), { kind: 'delete' } as const, { kind: 'update', patch: { name: 'x' } } as const]) {
        spec.given(created, deleted).when(command).thenThrows('NOT_FOUND');
      }
      spec.given().when(move('receive', 1)).thenThrows('NOT_FOUND');
    });
  });
});

describe('creating an item', () => {
  it('should record initial stock as a receipt, so every unit has a movement', () => {
    spec
      .given()
      .when({ kind: 'create', item: drill })
      .then([
        { type: 'inventory.item.created', data: { ...drill, qty: 0 } },
        { type: 'inventory.stock.received', data: stock(10, 0, 10, 'initial stock') },
      ]);
    spec.given().when({ kind: 'create', item: { ...drill, qty: 0 } }).then([{ type: 'inventory.item.created', data: { ...drill, qty: 0 } }]);
  });
  it('should refuse an existing stream', () => {
    spec.given(created).when({ kind: 'create', item: drill }).thenThrows('ALREADY_EXISTS');
  });
});
