import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  asOfSchema,
  createItemSchema,
  listItemsQuerySchema,
  movementSchema,
  updateItemSchema,
  uuidSchema,
  type RequestContext,
} from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcServer, type NatsConnection } from '@uehub/messaging';
import { checkReadiness, NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@uehub/service-host';
import { z } from 'zod';
import { ItemCommands } from './items/item-commands.service';
import { ItemQueries } from './items/item-queries.service';
import { inventoryTables } from './migrations';

const expectedVersion = z.number().int().positive().optional();

function requireContext(context: RequestContext | undefined): RequestContext {
  if (!context || context.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'A signed-in caller is required');
  return context;
}

const id = (value: unknown) => parseOrThrow(uuidSchema, value, 'item id');

/** Inventory's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class InventoryRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly commands: ItemCommands,
    private readonly queries: ItemQueries,
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'inventory.items.create': (p, c) => this.commands.create(parseOrThrow(createItemSchema, p), requireContext(c)),
      'inventory.items.get': (p, c) => {
        requireContext(c);
        return this.queries.get(id(p.id), parseOrThrow(asOfSchema, p.asOf, 'asOf'));
      },
      'inventory.items.list': (p, c) => {
        requireContext(c);
        return this.queries.list(parseOrThrow(listItemsQuerySchema, p, 'query'));
      },
      'inventory.items.update': (p, c) =>
        this.commands.update(id(p.id), parseOrThrow(updateItemSchema, p.patch), parseOrThrow(expectedVersion, p.expectedVersion), requireContext(c)),
      'inventory.items.delete': async (p, c) => {
        await this.commands.delete(id(p.id), parseOrThrow(expectedVersion, p.expectedVersion), requireContext(c));
        return { ok: true };
      },
      'inventory.items.move': (p, c) =>
        this.commands.move(id(p.id), parseOrThrow(movementSchema, p.movement), parseOrThrow(expectedVersion, p.expectedVersion), requireContext(c)),
      'inventory.items.movements': async (p, c) => {
        requireContext(c);
        return { items: await this.queries.movements(id(p.id)) };
      },
      'inventory.users.items': async (p, c) => ({
        items: await this.queries.heldBy(parseOrThrow(uuidSchema, p.userId, 'user id'), requireContext(c)),
      }),
      'inventory.reports.low_stock': async (_p, c) => ({ items: await this.queries.lowStock(requireContext(c)) }),
      'inventory.reports.stock_by_location': async (_p, c) => ({ items: await this.queries.stockByLocation(requireContext(c)) }),
      'inventory.health': () => checkReadiness('inventory', this.orm, this.nc, this.config.database.schema, inventoryTables),
    });
  }
}
