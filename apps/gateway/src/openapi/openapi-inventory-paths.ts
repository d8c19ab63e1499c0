import { createItemSchema, listItemsQuerySchema, movementSchema, pageQuerySchema, updateItemSchema } from '@uehub/contracts';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, WRITE_ERRORS, type Paths } from './openapi-helpers';
import { pageOf } from './openapi-schemas';

const item = { description: 'The item, with ETag = version', content: json(ref('Item')) };
const listOf = (name: string) => pageOf(`#/components/schemas/${name}`);
const pageParams = queryParams(pageQuerySchema);
const STOCK_ERRORS = {
  ...WRITE_ERRORS,
  422: problem('INSUFFICIENT_STOCK / UNKNOWN_USER / USER_INACTIVE / RULE_VIOLATED (the stock would pass 2^31-1)'),
};
const asOf = {
  name: 'asOf',
  in: 'query',
  required: false,
  schema: { type: 'string', format: 'date-time' },
  description: 'The item as it was at this time (ISO 8601 with offset)',
};
const movementResult = {
  description: 'The movement and the item after it, with ETag = the item version',
  content: json({ type: 'object', required: ['movement', 'item'], properties: { movement: ref('Movement'), item: ref('Item') } }),
};

/** Paths of the inventory routes. */
export function inventoryPaths(): Paths {
  return {
    '/api/v1/inventory/items': {
      post: op('Create an item (a SKU at a location)', 'manager and up', { 201: item, ...STOCK_ERRORS }, { requestBody: body(createItemSchema) }),
      get: op(
        'List items; q is full-text over SKU, name and description',
        'any signed-in user',
        { 200: { description: 'A page', content: json(pageOf('#/components/schemas/Item')) }, ...ERRORS },
        { parameters: queryParams(listItemsQuerySchema) },
      ),
    },
    '/api/v1/inventory/items/{id}': {
      get: op('Read an item, now or as of a past time', 'any signed-in user', { 200: item, ...ERRORS }, { parameters: [idParam, asOf] }),
      patch: op('Change an item (name, description, minQty, holder)', 'manager and up', { 200: item, ...STOCK_ERRORS }, {
        parameters: [idParam, ifMatch],
        requestBody: body(updateItemSchema),
      }),
      delete: op('Delete an item (soft)', 'admin and up', { 204: { description: 'Deleted' }, ...WRITE_ERRORS }, { parameters: [idParam, ifMatch] }),
    },
    '/api/v1/inventory/items/{id}/movements': {
      post: op('Move stock: receive, issue, adjust (reason required) or transfer (toLocation)', 'employee and up', { 201: movementResult, ...STOCK_ERRORS }, {
        parameters: [idParam, ifMatch],
        requestBody: body(movementSchema),
      }),
      get: op('The ledger of an item, newest first', 'any signed-in user', { 200: { description: 'A page of movements', content: json(listOf('Movement')) }, ...ERRORS }, { parameters: [idParam, ...pageParams] }),
    },
    '/api/v1/users/{id}/inventory': {
      get: op('Items a user holds, ordered by name', 'manager and up, or the user themself', { 200: { description: 'A page of items', content: json(listOf('Item')) }, ...ERRORS }, {
        parameters: [idParam, ...pageParams],
      }),
    },
    '/api/v1/inventory/reports/low-stock': {
      get: op('Items at or below their minimum', 'manager and up', { 200: { description: 'A page of rows', content: json(listOf('LowStockRow')) }, ...ERRORS }, { parameters: pageParams }),
    },
    '/api/v1/inventory/reports/stock-by-location': {
      get: op('Stock totals per location', 'manager and up', { 200: { description: 'A page of rows', content: json(listOf('StockByLocationRow')) }, ...ERRORS }, { parameters: pageParams }),
    },
  };
}
