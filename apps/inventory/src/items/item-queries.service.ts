import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  MANAGER_ROLES,
  type ItemView,
  type ListItemsQuery,
  type LowStockRow,
  type MovementView,
  type Page,
  type RequestContext,
  type StockByLocationRow,
} from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { EventReader, storeTables, type NewEvent } from '@uehub/event-store';
import { evolveItem, type ItemState } from './item.decide';
import { itemRepository, toItemView, type ItemRow } from './item.repository';

const reader = new EventReader(storeTables('inventory'));

/** Reads: the live projection, a point in time from the events, the ledger and the reports. */
@Injectable()
export class ItemQueries {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, asOf?: string): Promise<ItemView> {
    const em = this.orm.em.fork();
    if (asOf) return this.asOf(id, new Date(asOf));
    const row = await itemRepository.find(em, id);
    if (!row) throw new AppError('NOT_FOUND', 'No such item');
    return toItemView(row);
  }

  /** The item as it was at a time: a fold of its events up to then. */
  private async asOf(id: string, at: Date): Promise<ItemView> {
    const events = await reader.readStream(this.orm.em.fork(), id, { upTo: at });
    const state = events.map((e) => ({ type: e.eventType, data: e.data }) as NewEvent).reduce<ItemState>(evolveItem, null);
    if (!state || state.deleted) throw new AppError('NOT_FOUND', `No such item at ${at.toISOString()}`);
    const { deleted: _deleted, ...item } = state;
    return {
      id,
      ...item,
      lowStock: item.qty <= item.minQty,
      createdAt: events[0].occurredAt.toISOString(),
      updatedAt: events[events.length - 1].occurredAt.toISOString(),
      version: events[events.length - 1].streamVersion,
    };
  }

  async list(query: ListItemsQuery): Promise<Page<ItemView>> {
    const where = ['deleted_at is null'];
    const params: unknown[] = [];
    const filter = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (query.q) filter(`search_vector @@ websearch_to_tsquery('simple', ?)`, query.q);
    if (query.location) filter('location = ?', query.location);
    if (query.userId) filter('user_id = ?', query.userId);
    if (query.lowStock !== undefined) where.push(query.lowStock ? 'qty <= min_qty' : 'qty > min_qty');
    if (query.cursor) filter('id > ?', decodeCursor(query.cursor));
    const rows = await this.orm.em
      .fork()
      .execute<ItemRow[]>(`${itemRepository.ITEM_SELECT} where ${where.join(' and ')} order by id limit ?`, [...params, query.limit + 1]);
    const items = rows.slice(0, query.limit).map(toItemView);
    return { items, nextCursor: rows.length > query.limit ? Buffer.from(items[items.length - 1].id).toString('base64url') : null };
  }

  async movements(id: string): Promise<MovementView[]> {
    const em = this.orm.em.fork();
    if (!(await itemRepository.exists(em, id))) throw new AppError('NOT_FOUND', 'No such item');
    return itemRepository.movements(em, id);
  }

  async heldBy(userId: string, context: RequestContext): Promise<ItemView[]> {
    if (context.actor.id !== userId) assertActorRole(context.actor, MANAGER_ROLES, "read another user's inventory");
    return itemRepository.heldBy(this.orm.em.fork(), userId);
  }

  async lowStock(context: RequestContext): Promise<LowStockRow[]> {
    assertActorRole(context.actor, MANAGER_ROLES, 'read reports');
    const rows = await this.orm.em.fork().execute<
      { id: string; sku: string; name: string; location: string; qty: number; min_qty: number; shortage: number; user_id: string | null }[]
    >('select * from inventory.inventory_low_stock_report order by shortage desc, name');
    return rows.map((r) => ({ id: r.id, sku: r.sku, name: r.name, location: r.location, qty: r.qty, minQty: r.min_qty, shortage: r.shortage, userId: r.user_id }));
  }

  async stockByLocation(context: RequestContext): Promise<StockByLocationRow[]> {
    assertActorRole(context.actor, MANAGER_ROLES, 'read reports');
    const rows = await this.orm.em
      .fork()
      .execute<{ location: string; items: number; total_qty: string; low_stock_items: number }[]>(
        'select * from inventory.inventory_stock_by_location order by location',
      );
    return rows.map((r) => ({ location: r.location, items: r.items, totalQty: Number(r.total_qty), lowStockItems: r.low_stock_items }));
  }
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('VALIDATION_FAILED', 'The cursor is not valid');
  return id;
}
