import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  asOfSchema,
  createItemSchema,
  listItemsQuerySchema,
  movementSchema,
  pageQuerySchema,
  updateItemSchema,
  uuidSchema,
} from '@uehub/contracts';
import { parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { ItemCommands } from './items/item-commands.service';
import { ItemQueries } from './items/item-queries.service';

const expectedVersion = z.number().int().positive().optional();

const id = (value: unknown) => parseOrThrow(uuidSchema, value, 'item id');
const page = (p: { cursor?: string; limit?: number }) => parseOrThrow(pageQuerySchema, { cursor: p.cursor, limit: p.limit }, 'query');

/** Inventory's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class InventoryRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly commands: ItemCommands,
    private readonly queries: ItemQueries,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'inventory.items.create': (p, c) => this.commands.create(parseOrThrow(createItemSchema, p), requireCaller(c)),
      'inventory.items.get': (p, c) => {
        requireCaller(c);
        return this.queries.get(id(p.id), parseOrThrow(asOfSchema, p.asOf, 'asOf'));
      },
      'inventory.items.list': (p, c) => {
        requireCaller(c);
        return this.queries.list(parseOrThrow(listItemsQuerySchema, p, 'query'));
      },
      'inventory.items.update': (p, c) =>
        this.commands.update(id(p.id), parseOrThrow(updateItemSchema, p.patch), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c)),
      'inventory.items.delete': async (p, c) => {
        await this.commands.delete(id(p.id), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c));
        return { ok: true };
      },
      'inventory.items.move': (p, c) =>
        this.commands.move(id(p.id), parseOrThrow(movementSchema, p.movement), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c)),
      'inventory.items.movements': (p, c) => {
        requireCaller(c);
        return this.queries.movements(id(p.id), page(p));
      },
      'inventory.users.items': (p, c) => this.queries.heldBy(parseOrThrow(uuidSchema, p.userId, 'user id'), page(p), requireCaller(c)),
      'inventory.reports.low_stock': (p, c) => this.queries.lowStock(page(p), requireCaller(c)),
      'inventory.reports.stock_by_location': (p, c) => this.queries.stockByLocation(page(p), requireCaller(c)),
    });
  }
}
