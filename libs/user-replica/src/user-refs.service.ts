import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { UserView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import { userRefOf, type UserRef } from './user-ref';
import { replicaColumns, type ReplicaColumns } from './user-replica.columns';
import { USER_REPLICA_OPTIONS, type UserReplicaOptions } from './user-replica.options';

/**
 * A service's replica of auth's users, for "user_id must name an active user". Built from
 * `auth.user.*` events; an id it does not know yet is asked of auth before being refused,
 * so a user created a moment ago is usable at once.
 */
@Injectable()
export class UserRefs {
  readonly columns: ReplicaColumns;

  constructor(
    private readonly orm: MikroORM,
    private readonly rpc: RpcClient,
    @Inject(USER_REPLICA_OPTIONS) private readonly options: UserReplicaOptions,
  ) {
    this.columns = replicaColumns(options);
  }

  /** Makes sure the replica knows the user (asking auth if needed); refuses unknown and inactive users. */
  async requireActive(userId: string): Promise<void> {
    const isActive = (await this.known(userId)).isActive;
    if (!isActive) throw new AppError('USER_INACTIVE', `User ${userId} is deactivated`);
  }

  /** Makes sure the replica knows the user (asking auth if needed), active or not. */
  async requireKnown(userId: string): Promise<void> {
    await this.known(userId);
  }

  /** Re-checks inside the command's transaction, holding the row (FOR SHARE) so a deactivation waits for the commit. */
  async recheck(tx: EntityManager, userId: string): Promise<void> {
    await this.checkActive(tx, userId, 'for share');
  }

  /**
   * Re-checks inside the command's transaction and locks the user's row (FOR UPDATE): the user's
   * commands run one at a time (two devices racing see each other's work), and a deactivation waits.
   */
  async lockActive(tx: EntityManager, userId: string): Promise<void> {
    await this.checkActive(tx, userId, 'for update');
  }

  /** Locks the user's row for the command, active or not. */
  async lock(tx: EntityManager, userId: string): Promise<void> {
    const [row] = await tx.execute<{ id: string }[]>(`select id from ${this.columns.table} where id = ? for update`, [userId]);
    if (!row) throw new AppError('UNKNOWN_USER', `No user ${userId}`);
  }

  /** The version the replica holds of a user (undefined when it has none); read outside any transaction. */
  async versionOf(userId: string): Promise<number | undefined> {
    const [row] = await this.orm.em.fork().execute<{ version: number }[]>(`select version from ${this.columns.table} where id = ?`, [userId]);
    return row?.version;
  }

  /** The row of a user, locked FOR UPDATE for the rest of the transaction (the consumer's read). */
  async lockRow(tx: EntityManager, userId: string): Promise<UserRef | undefined> {
    const [row] = await tx.execute<Record<string, unknown>[]>(`select ${this.columns.select} from ${this.columns.table} where id = ? for update`, [userId]);
    return row && this.columns.toRef(row);
  }

  /** The current user from auth, or undefined when auth does not know the id. */
  async fetchFromAuth(userId: string): Promise<UserView | undefined> {
    try {
      // the host's RpcClient calls as the service's principal: auth knows who asks from the subject
      return await this.rpc.call('auth.users.get', { id: userId }, { correlationId: `${this.options.service}-user-refs` });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Stores a user's row unless the replica already holds a newer version. */
  async upsert(em: EntityManager, user: UserRef): Promise<void> {
    await this.columns.upsert(em, this.columns.table, user);
  }

  private async known(userId: string): Promise<{ isActive: boolean }> {
    const em = this.orm.em.fork();
    const [row] = await em.execute<{ is_active: boolean }[]>(`select is_active from ${this.columns.table} where id = ?`, [userId]);
    if (row) return { isActive: row.is_active };
    const user = await this.fetchFromAuth(userId);
    if (!user) throw new AppError('UNKNOWN_USER', `No user ${userId}`);
    await this.upsert(em, userRefOf(user));
    return { isActive: user.isActive };
  }

  private async checkActive(tx: EntityManager, userId: string, lock: 'for share' | 'for update'): Promise<void> {
    const [row] = await tx.execute<{ is_active: boolean }[]>(`select is_active from ${this.columns.table} where id = ? ${lock}`, [userId]);
    if (!row) throw new AppError('UNKNOWN_USER', `No user ${userId}`);
    if (!row.is_active) throw new AppError('USER_INACTIVE', `User ${userId} is deactivated`);
  }
}
