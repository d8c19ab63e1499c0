import type { EntityManager } from '@mikro-orm/postgresql';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** Failed-login counting per email: the fifth failure in a row locks the account for 15 minutes. */
export const loginGuard = {
  async lockedUntil(tx: EntityManager, email: string): Promise<Date | null> {
    const [row] = await tx.execute<{ locked_until: Date | null }[]>(
      'select locked_until from auth.auth_login_guard where email = ? and locked_until > now()',
      [email],
    );
    return row?.locked_until ? new Date(row.locked_until) : null;
  },

  /** Counts a failure; returns true when this failure locked the account. */
  async recordFailure(tx: EntityManager, email: string): Promise<boolean> {
    const [row] = await tx.execute<{ failed_count: number }[]>(
      `insert into auth.auth_login_guard as g (email, failed_count) values (?, 1)
       on conflict (email) do update set failed_count = g.failed_count + 1, updated_at = now()
       returning failed_count`,
      [email],
    );
    if (row.failed_count < MAX_FAILED_LOGINS) return false;
    await tx.execute(
      `update auth.auth_login_guard set failed_count = 0, locked_until = now() + make_interval(mins => ?) where email = ?`,
      [LOCK_MINUTES, email],
    );
    return true;
  },

  async reset(tx: EntityManager, email: string): Promise<void> {
    await tx.execute('delete from auth.auth_login_guard where email = ?', [email]);
  },
};
