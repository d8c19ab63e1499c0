import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { UserView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';

const REFS = 'safety.safety_user_refs';

/** What the replica keeps of a user. */
export type UserRef = Pick<UserView, 'id' | 'email' | 'name' | 'role' | 'isActive' | 'version'>;

/**
 * Safety's replica of auth's users, for "user_id must name an active user". Built from
 * `auth.user.*` events; an id it does not know yet is asked of auth before being refused,
 * so a user created a moment ago is usable at once.
 */
@Injectable()
export class UserRefs {
  constructor(
    private readonly orm: MikroORM,
    private readonly rpc: RpcClient,
  ) {}

  /** Makes sure the replica knows the user (asking auth if needed); refuses unknown and inactive users. */
  async requireActive(userId: string): Promise<void> {
    const em = this.orm.em.fork();
    let [row] = await em.execute<{ is_active: boolean }[]>(`select is_active from ${REFS} where id = ?`, [userId]);
    if (!row) {
      const user = await this.fetchFromAuth(userId);
      if (!user) throw new AppError('UNKNOWN_USER', `No user ${userId}`);
      await this.upsert(em, user);
      row = { is_active: user.isActive };
    }
    if (!row.is_active) throw new AppError('USER_INACTIVE', `User ${userId} is deactivated`);
  }

  /** Re-checks inside the command's transaction, holding the row so a deactivation waits for the commit. */
  async recheck(tx: EntityManager, userId: string): Promise<void> {
    const [row] = await tx.execute<{ is_active: boolean }[]>(`select is_active from ${REFS} where id = ? for share`, [userId]);
    if (!row) throw new AppError('UNKNOWN_USER', `No user ${userId}`);
    if (!row.is_active) throw new AppError('USER_INACTIVE', `User ${userId} is deactivated`);
  }

  /** The version the replica holds of a user (undefined when it has none); read outside any transaction. */
  async versionOf(userId: string): Promise<number | undefined> {
    const [row] = await this.orm.em.fork().execute<{ version: number }[]>(`select version from ${REFS} where id = ?`, [userId]);
    return row?.version;
  }

  /** The current user from auth, or undefined when auth does not know the id. */
  async fetchFromAuth(userId: string): Promise<UserView | undefined> {
    try {
      // the host's RpcClient calls as the `safety` principal: auth knows who asks from the subject
      return await this.rpc.call('auth.users.get', { id: userId }, { correlationId: 'safety-user-refs' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Stores a user snapshot unless the replica already holds a newer version. */
  async upsert(em: EntityManager, user: UserRef): Promise<void> {
    await em.execute(
      `insert into ${REFS} as r (id, email, name, role, is_active, version, updated_at) values (?, ?, ?, ?, ?, ?, now())
       on conflict (id) do update set email = excluded.email, name = excluded.name, role = excluded.role,
         is_active = excluded.is_active, version = excluded.version, updated_at = now()
       where r.version < excluded.version`,
      [user.id, user.email, user.name, user.role, user.isActive, user.version],
    );
  }
}
