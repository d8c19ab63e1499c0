import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, type Page } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { z } from 'zod';

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

/** A newest-first page of `table` by (`timeColumn`, id) under the given filters (column = value), with an opaque cursor this API issued. */
export async function keysetPage<R extends { id: string }, V>(
  em: EntityManager,
  from: { table: string; columns: string; timeColumn: keyof R & string },
  filters: [sql: string, value: unknown][],
  page: { cursor?: string; limit: number },
  viewOf: (row: R) => V,
): Promise<Page<V>> {
  const where = filters.map(([sql]) => sql);
  const params = filters.map(([, value]) => value);
  if (page.cursor) {
    const key = decodeCursor(page.cursor, cursorKey);
    if (!key) throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued', [{ path: 'cursor', message: 'not valid' }]);
    where.push(`(${from.timeColumn}, id) < (?::timestamptz, ?::uuid)`);
    params.push(...key);
  }
  const rows = await em.execute<R[]>(
    `select ${from.columns} from ${from.table} ${where.length ? `where ${where.join(' and ')}` : ''} order by ${from.timeColumn} desc, id desc limit ?`,
    [...params, page.limit + 1],
  );
  const last = rows[page.limit - 1];
  const nextCursor = rows.length > page.limit && last ? encodeCursor([new Date(last[from.timeColumn] as string).toISOString(), last.id]) : null;
  return { items: rows.slice(0, page.limit).map(viewOf), nextCursor };
}
