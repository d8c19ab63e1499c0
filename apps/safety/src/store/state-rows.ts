import type { EntityManager } from '@mikro-orm/postgresql';
import type { Executed, Folded, StreamProjection } from '@uehub/event-store';

/** A safety table whose rows hold a stream's folded state plus the columns its queries use. */
export interface StateTable<S> {
  /** Schema-qualified live table. */
  table: string;
  /** The filter and sort columns, computed from the folded state (never from SQL of their own). */
  columnsOf(state: NonNullable<S>): Record<string, unknown>;
}

export interface StateRow {
  id: string;
  state: unknown;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Writes one folded stream to `table` (the live one, or a rebuild's scratch copy) with one upsert. */
export async function writeStateRow<S>(tx: EntityManager, spec: StateTable<S>, table: string, id: string, folded: Folded<S>): Promise<void> {
  if (folded.state === null || folded.state === undefined) return;
  const columns = spec.columnsOf(folded.state as NonNullable<S>);
  const names = ['id', 'state', 'version', 'created_at', 'updated_at', ...Object.keys(columns)];
  const values = [id, JSON.stringify(folded.state), folded.version, folded.createdAt, folded.updatedAt, ...Object.values(columns)];
  const updates = names.filter((n) => n !== 'id' && n !== 'created_at').map((n) => `${n} = excluded.${n}`);
  await tx.execute(
    `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')}) on conflict (id) do update set ${updates.join(', ')}`,
    values,
  );
}

/** The projection the command handler uses: the row, locked, is the state between commands. */
export function stateProjection<S>(spec: StateTable<S>): StreamProjection<S> {
  return {
    async load(tx, id) {
      const [row] = await tx.execute<StateRow[]>(`select id, state, version, created_at, updated_at from ${spec.table} where id = ? for update`, [id]);
      if (!row) return undefined;
      return { state: row.state as S, version: row.version, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
    },
    save: (tx, id, folded) => writeStateRow(tx, spec, spec.table, id, folded),
  };
}

/** The fields every view has besides the state. */
export function rowMeta(row: StateRow): { id: string; version: number; createdAt: string; updatedAt: string } {
  return { id: row.id, version: row.version, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
}

/** The row a command just wrote, as the views read it (the stream exists after any command that returns). */
export function executedRow<S>(id: string, { folded }: Executed<S>): StateRow & { state: NonNullable<S> } {
  const { state, version, createdAt, updatedAt } = folded!;
  return { id, state: state!, version, created_at: createdAt, updated_at: updatedAt };
}
