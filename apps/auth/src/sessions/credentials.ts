import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@uehub/contracts';

/** What a login needs of a user, read in one statement (known and unknown emails cost the same round trips). */
export interface LoginRow {
  id: string;
  name: string;
  role: Role;
  version: number;
  is_active: boolean;
  password_hash: string | null;
}

/** The password hashes in `auth.auth_credentials` (never in the projection, never in an event). */
export const credentials = {
  async forLogin(em: EntityManager, email: string): Promise<LoginRow | undefined> {
    const [row] = await em.execute<LoginRow[]>(
      `select u.id, u.name, u.role, u.version, u.is_active, c.password_hash
         from auth.auth_user u left join auth.auth_credentials c on c.user_id = u.id
        where lower(u.email) = lower(?)`,
      [email],
    );
    return row;
  },

  async read(em: EntityManager, userId: string): Promise<string | undefined> {
    const [row] = await em.execute<{ password_hash: string }[]>('select password_hash from auth.auth_credentials where user_id = ?', [userId]);
    return row?.password_hash;
  },

  /** Compare-and-set: replaces the hash only if it is still `expected`; returns whether it did. */
  async replace(tx: EntityManager, userId: string, expected: string, next: string): Promise<boolean> {
    const rows = await tx.execute<{ user_id: string }[]>(
      'update auth.auth_credentials set password_hash = ?, updated_at = now() where user_id = ? and password_hash = ? returning user_id',
      [next, userId, expected],
    );
    return rows.length > 0;
  },
};
