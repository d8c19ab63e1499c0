import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@uehub/errors';
import type { StateRow } from './state-rows';

/** One stream's row with its folded state (not locked: for reads and pre-checks). */
export async function findRow<S>(em: EntityManager, table: string, id: string, what: string): Promise<StateRow & { state: S }> {
  const [row] = await em.execute<(StateRow & { state: S })[]>(`select id, state, version, created_at, updated_at from ${table} where id = ?`, [id]);
  if (!row) throw new AppError('NOT_FOUND', `No such ${what}`);
  return row;
}
