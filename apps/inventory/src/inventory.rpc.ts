import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  asOfSchema,
  createItemSchema,
  expectedVersionSchema,
  listItemsQuerySchema,
  movementSchema,
  pageFieldsSchema,
  updateItemSchema,
  uuidSchema,
  type CreateItemInput,
  type ItemView,
  type ListItemsQuery,
  type LowStockRow,
  type MovementInput,
  type MovementView,
  type Page,
  type PageQuery,
  type RequestContext,
  type StockByLocationRow,
  type UpdateItemInput,
} from '@uehub/contracts';
import { Caller, Handles, ZodPipe, type EncodedPage } from '@uehub/messaging';
import { ItemCommands } from './items/item-commands.service';
import { ItemQueries } from './items/item-queries.service';

const itemId = new ZodPipe(uuidSchema, 'item id');
const version = new ZodPipe(expectedVersionSchema);
const page = new ZodPipe(pageFieldsSchema, 'query');

/**
 * Inventory's request/reply patterns. Every caller is a signed-in user (the global
 * `CallerGuard`); payloads are validated by the pipes; roles are the commands' and queries' rules.
 */
@Controller()
export class InventoryRpc {
  constructor(
    private readonly commands: ItemCommands,
    private readonly queries: ItemQueries,
  ) {}

  @Handles('inventory.items.create')
  create(@Payload(new ZodPipe(createItemSchema)) input: CreateItemInput, @Caller() caller: RequestContext): Promise<ItemView> {
    return this.commands.create(input, caller);
  }

  @Handles('inventory.items.get')
  get(@Payload('id', itemId) id: string, @Payload('asOf', new ZodPipe(asOfSchema, 'asOf')) asOf: string | undefined): Promise<ItemView> {
    return this.queries.get(id, asOf);
  }

  @Handles('inventory.items.list')
  list(@Payload(new ZodPipe(listItemsQuerySchema, 'query')) query: ListItemsQuery): Promise<EncodedPage<ItemView>> {
    return this.queries.list(query);
  }

  @Handles('inventory.items.update')
  update(
    @Payload('id', itemId) id: string,
    @Payload('patch', new ZodPipe(updateItemSchema)) patch: UpdateItemInput,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ItemView> {
    return this.commands.update(id, patch, expectedVersion, caller);
  }

  @Handles('inventory.items.delete')
  async delete(
    @Payload('id', itemId) id: string,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<{ ok: true }> {
    await this.commands.delete(id, expectedVersion, caller);
    return { ok: true };
  }

  @Handles('inventory.items.move')
  move(
    @Payload('id', itemId) id: string,
    @Payload('movement', new ZodPipe(movementSchema)) movement: MovementInput,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<{ movement: MovementView; item: ItemView }> {
    return this.commands.move(id, movement, expectedVersion, caller);
  }

  @Handles('inventory.items.movements')
  movements(@Payload('id', itemId) id: string, @Payload(page) query: PageQuery): Promise<Page<MovementView>> {
    return this.queries.movements(id, query);
  }

  @Handles('inventory.users.items')
  heldBy(
    @Payload('userId', new ZodPipe(uuidSchema, 'user id')) userId: string,
    @Payload(page) query: PageQuery,
    @Caller() caller: RequestContext,
  ): Promise<EncodedPage<ItemView>> {
    return this.queries.heldBy(userId, query, caller);
  }

  @Handles('inventory.reports.low_stock')
  lowStock(@Payload(page) query: PageQuery, @Caller() caller: RequestContext): Promise<Page<LowStockRow>> {
    return this.queries.lowStock(query, caller);
  }

  @Handles('inventory.reports.stock_by_location')
  stockByLocation(@Payload(page) query: PageQuery, @Caller() caller: RequestContext): Promise<Page<StockByLocationRow>> {
    return this.queries.stockByLocation(query, caller);
  }
}
