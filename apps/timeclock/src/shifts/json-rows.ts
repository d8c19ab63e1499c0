import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatementPart } from '@uehub/event-store';

/** A projection table's columns with their SQL types (`id uuid, ...`): the shape rows are written in. */
export interface RowShape {
  types: string;
  names: string[];
  columns: string;
}

export function rowShape(types: string): RowShape {
  const names = types.split(', ').map((column) => column.split(' ')[0]);
  return { types, names, columns: names.join(', ') };
}

/** Rows as one statement (bind parameter: a JSON array); `upsert` replaces a row of the same id. */
export function jsonRowsStatement(table: string, shape: RowShape, rows: object[], upsert: boolean): StatementPart {
  const onConflict = upsert ? ` on conflict (id) do update set ${shape.names.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}` : '';
  return {
    sql: `insert into ${table} (${shape.columns}) select ${shape.columns} from jsonb_to_recordset(?::jsonb) as r(${shape.types})${onConflict}`,
    params: [JSON.stringify(rows)],
  };
}

/** Writes rows in one statement. */
export async function writeJsonRows(tx: EntityManager, table: string, shape: RowShape, rows: object[], upsert: boolean): Promise<void> {
  if (rows.length === 0) return;
  const { sql, params } = jsonRowsStatement(table, shape, rows, upsert);
  await tx.execute(sql, params);
}
