import type { ItemSnapshot } from './events';

/** An inventory item as the API shows it: its fields plus identity, low-stock flag and version. */
export interface ItemView extends ItemSnapshot {
  id: string;
  lowStock: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const MOVEMENT_KINDS = ['receive', 'issue', 'adjust', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** A ledger line; a transfer shows as `transfer_out` on the source and `transfer_in` on the target. */
export interface MovementView {
  id: string;
  itemId: string;
  kind: 'receive' | 'issue' | 'adjust' | 'transfer_out' | 'transfer_in';
  quantity: number;
  qtyBefore: number;
  qtyAfter: number;
  reason: string | null;
  counterpartLocation: string | null;
  counterpartItemId: string | null;
  actorId: string;
  occurredAt: string;
  correlationId: string;
}

export interface CreateItemInput {
  sku: string;
  name: string;
  description?: string | null;
  location: string;
  qty: number;
  minQty: number;
  userId?: string | null;
}

export interface UpdateItemInput {
  name?: string;
  description?: string | null;
  minQty?: number;
  userId?: string | null;
}

export interface MovementInput {
  kind: MovementKind;
  quantity: number;
  reason?: string | null;
  toLocation?: string;
}

export interface ListItemsQuery {
  q?: string;
  location?: string;
  userId?: string;
  lowStock?: boolean;
  cursor?: string;
  limit: number;
}

export interface LowStockRow {
  id: string;
  sku: string;
  name: string;
  location: string;
  qty: number;
  minQty: number;
  shortage: number;
  userId: string | null;
}

export interface StockByLocationRow {
  location: string;
  items: number;
  totalQty: number;
  lowStockItems: number;
}
