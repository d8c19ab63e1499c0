import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRef } from './user-ref';
import { userRefsTable, type UserReplicaOptions } from './user-replica.options';

/** How one service's replica table is read and written: its name and the columns it keeps. */
export interface ReplicaColumns {
  table: string;
  /** The select list of a row (what `toRef` reads). */
  select: string;
  /** The columns the rebuild check compares: every kept one but `updated_at` (the time of the write, not of the event). */
  compared: string;
  toRef(row: Record<string, unknown>): UserRef;
  /** Writes a row into `table` (the live one or a rebuild's scratch copy) unless it holds a newer version. */
  upsert(em: EntityManager, table: string, user: UserRef): Promise<void>;
}

export function replicaColumns(options: UserReplicaOptions): ReplicaColumns {
  const department = options.keeps?.includes('department') ?? false;
  const names = ['id', 'email', 'name', 'role', ...(department ? ['department'] : []), 'is_active', 'version'];
  const valuesOf = (u: UserRef) => [u.id, u.email, u.name, u.role, ...(department ? [u.department] : []), u.isActive, u.version];
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = excluded.${n}`);
  return {
    table: userRefsTable(options.service),
    select: names.join(', '),
    compared: names.join(', '),
    toRef: (row) => ({
      id: row.id as string,
      email: row.email as string | null,
      name: row.name as string | null,
      role: row.role as string | null,
      department: department ? (row.department as string | null) : null,
      isActive: row.is_active as boolean,
      version: row.version as number,
    }),
    async upsert(em, table, user) {
      await em.execute(
        `insert into ${table} as r (${names.join(', ')}, updated_at) values (${names.map(() => '?').join(', ')}, now())
         on conflict (id) do update set ${updates.join(', ')}, updated_at = now() where r.version < excluded.version`,
        valuesOf(user),
      );
    },
  };
}
