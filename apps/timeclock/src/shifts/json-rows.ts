import type { EntityManager } from '@mikro-orm/postgresql';

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

/** Writes rows in one statement (bind parameter: a JSON array); `upsert` replaces a row of the same id. */
export async function writeJsonRows(tx: EntityManager, table: string, shape: RowShape, rows: object[], upsert: boolean): Promise<void> {
  if (rows.length === 0) return;
  const onConflict = upsert ? ` on conflict (id) do update set ${shape.names.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}` : '';
  await tx.execute(`insert into ${table} (${shape.columns}) select ${shape.columns} from jsonb_to_recordset(?::jsonb) as r(${shape.types})${onConflict}`, [JSON.stringify(rows)]);
}
