type Schema = Record<string, unknown>;

const str = { type: 'string' };
const uuid = { type: 'string', format: 'uuid' };
const nullableStr = { type: ['string', 'null'] };
const nullableUuid = { type: ['string', 'null'], format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };
const count = { type: 'integer', minimum: 0 };

/** Response shapes of the inventory routes. */
export const inventoryResponseSchemas: Record<string, Schema> = {
  Item: {
    type: 'object',
    required: ['id', 'sku', 'name', 'description', 'location', 'qty', 'minQty', 'userId', 'lowStock', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: uuid,
      sku: str,
      name: str,
      description: nullableStr,
      location: str,
      qty: count,
      minQty: count,
      userId: nullableUuid,
      lowStock: { type: 'boolean', description: 'qty <= minQty' },
      createdAt: dateTime,
      updatedAt: dateTime,
      version: { type: 'integer', minimum: 1 },
    },
  },
  Movement: {
    type: 'object',
    required: ['id', 'itemId', 'kind', 'quantity', 'qtyBefore', 'qtyAfter', 'reason', 'counterpartLocation', 'counterpartItemId', 'actorId', 'occurredAt', 'correlationId'],
    properties: {
      id: uuid,
      itemId: uuid,
      kind: { type: 'string', enum: ['receive', 'issue', 'adjust', 'transfer_out', 'transfer_in'] },
      quantity: count,
      qtyBefore: count,
      qtyAfter: count,
      reason: nullableStr,
      counterpartLocation: nullableStr,
      counterpartItemId: nullableUuid,
      actorId: str,
      occurredAt: dateTime,
      correlationId: str,
    },
  },
  LowStockRow: {
    type: 'object',
    required: ['id', 'sku', 'name', 'location', 'qty', 'minQty', 'shortage', 'userId'],
    properties: { id: uuid, sku: str, name: str, location: str, qty: count, minQty: count, shortage: count, userId: nullableUuid },
  },
  StockByLocationRow: {
    type: 'object',
    required: ['location', 'items', 'totalQty', 'lowStockItems'],
    properties: { location: str, items: count, totalQty: count, lowStockItems: count },
  },
};
