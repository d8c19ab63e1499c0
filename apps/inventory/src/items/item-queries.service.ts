import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  encodeCursor,
  MANAGER_ROLES,
  pgDateTimeSchema,
  safeText,
  type ItemView,
  type ListItemsQuery,
  type LowStockRow,
  type MovementView,
  type Page,
  type PageQuery,
  type RequestContext,
  type StockByLocationRow,
} from '@uehub/contracts';
import { AppError, assertActorRole, cursorOrThrow } from '@uehub/errors';
import { EventReader, storeTables, type NewEvent } from '@uehub/event-store';
import { encodePage, fitPage, type EncodedPage } from '@uehub/messaging';
import { z } from 'zod';
import { evolveItem, type ItemState } from './item.decide';
import { itemViewOf, ItemRecord } from './item.entity';
import { itemRepository, toItemView, type ItemRow } from './item.repository';

const reader = new EventReader(storeTables('inventory'));

/** Sort keys inside each list's cursor, checked in full before they reach SQL. */
const ID_KEY = z.tuple([z.uuid()]);
const LEDGER_KEY = z.tuple([pgDateTimeSchema, z.uuid()]);
const NAME_KEY = z.tuple([safeText(200, 1), z.uuid()]);
const SHORTAGE_KEY = z.tuple([z.number().int().min(0).max(2_147_483_647), safeText(200, 1), z.uuid()]);
const LOCATION_KEY = z.tuple([safeText(100, 1)]);

/** Reads: the live projection, a point in time from the events, the ledger and the reports. */
@Injectable()
export class ItemQueries {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, asOf?: string): Promise<ItemView> {
    if (asOf) return this.asOf(id, new Date(asOf));
    const record = await this.orm.em.fork().findOne(ItemRecord, { id, deletedAt: null });
    if (!record) throw new AppError('NOT_FOUND', 'No such item');
    return itemViewOf(record);
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

  /** A page of items, encoded once (the gateway sends it as it is). */
  async list(query: ListItemsQuery): Promise<EncodedPage<ItemView>> {
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
    if (query.cursor) filter('id > ?::uuid', cursorOrThrow(query.cursor, ID_KEY)[0]);
    const rows = await this.orm.em
      .fork()
      .execute<ItemRow[]>(`${itemRepository.ITEM_SELECT} where ${where.join(' and ')} order by id limit ?`, [...params, query.limit + 1]);
    return encodePage(rows.map(toItemView), query.limit, (item) => encodeCursor([item.id]));
  }

  async movements(id: string, page: PageQuery): Promise<Page<MovementView>> {
    const em = this.orm.em.fork();
    if (!(await em.count(ItemRecord, { id }))) throw new AppError('NOT_FOUND', 'No such item');
    const after = page.cursor ? cursorOrThrow(page.cursor, LEDGER_KEY) : undefined;
    const lines = await itemRepository.movements(em, id, page.limit + 1, after);
    const sortAt = new Map(lines.map((line) => [line.view, line.sortAt]));
    return fitPage(lines.map((line) => line.view), page.limit, (view) => encodeCursor([sortAt.get(view)!, view.id]));
  }

  /** A page of the items a user holds, encoded once (the gateway sends it as it is). */
  async heldBy(userId: string, page: PageQuery, context: RequestContext): Promise<EncodedPage<ItemView>> {
    if (context.actor.id !== userId) assertActorRole(context.actor, MANAGER_ROLES, "read another user's inventory");
    const after = page.cursor ? cursorOrThrow(page.cursor, NAME_KEY) : undefined;
    const items = await itemRepository.heldBy(this.orm.em.fork(), userId, page.limit + 1, after);
    return encodePage(items, page.limit, (item) => encodeCursor([item.name, item.id]));
  }

  async lowStock(page: PageQuery, context: RequestContext): Promise<Page<LowStockRow>> {
    assertActorRole(context.actor, MANAGER_ROLES, 'read reports');
    const after = page.cursor ? cursorOrThrow(page.cursor, SHORTAGE_KEY) : undefined;
    const rows = await this.orm.em.fork().execute<
      { id: string; sku: string; name: string; location: string; qty: number; min_qty: number; shortage: number; user_id: string | null }[]
    >(
      `select * from inventory.inventory_low_stock_report
        ${after ? 'where shortage < ? or (shortage = ? and (name, id) > (?, ?::uuid))' : ''}
        order by shortage desc, name, id limit ?`,
      after ? [after[0], after[0], after[1], after[2], page.limit + 1] : [page.limit + 1],
    );
    const items = rows.map((r) => ({ id: r.id, sku: r.sku, name: r.name, location: r.location, qty: r.qty, minQty: r.min_qty, shortage: r.shortage, userId: r.user_id }));
    return fitPage(items, page.limit, (row) => encodeCursor([row.shortage, row.name, row.id]));
  }

  async stockByLocation(page: PageQuery, context: RequestContext): Promise<Page<StockByLocationRow>> {
    assertActorRole(context.actor, MANAGER_ROLES, 'read reports');
    const after = page.cursor ? cursorOrThrow(page.cursor, LOCATION_KEY) : undefined;
    const rows = await this.orm.em
      .fork()
      .execute<{ location: string; items: number; total_qty: string; low_stock_items: number }[]>(
        `select * from inventory.inventory_stock_by_location ${after ? 'where location > ?' : ''} order by location limit ?`,
        after ? [after[0], page.limit + 1] : [page.limit + 1],
      );
    const items = rows.map((r) => ({ location: r.location, items: r.items, totalQty: Number(r.total_qty), lowStockItems: r.low_stock_items }));
    return fitPage(items, page.limit, (row) => encodeCursor([row.location]));
  }
}
