import { Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { encodeCursor, MANAGER_ROLES, type ListUsersQuery, type Page, type RequestContext, type UserView } from '@uehub/contracts';
import { AppError, assertActorRole, cursorOrThrow } from '@uehub/errors';
import { fitPage } from '@uehub/messaging';
import { z } from 'zod';
import { toUserView, UserRecord } from './user.entity';

/** The sort key inside a users cursor. */
const ID_KEY = z.tuple([z.uuid()]);

/** Reads of the user projection, with the caller's read rights re-checked. */
@Injectable()
export class UserQueries {
  constructor(private readonly orm: MikroORM) {}

  /** A user, for managers and the user themself, or for a service principal the handler admitted. */
  async get(id: string, context: RequestContext): Promise<UserView> {
    const isSelf = context.actor.kind === 'user' && context.actor.id === id;
    if (!isSelf && context.actor.kind !== 'system') assertManager(context);
    const record = await this.orm.em.fork().findOne(UserRecord, { id });
    if (!record) throw new AppError('NOT_FOUND', 'No such user');
    return toUserView(record);
  }

  async list(query: ListUsersQuery, context: RequestContext): Promise<Page<UserView>> {
    assertManager(context);
    const where: FilterQuery<UserRecord> = {};
    if (query.role) where.role = query.role;
    if (query.active !== undefined) where.isActive = query.active;
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }];
    }
    if (query.cursor) where.id = { $gt: cursorOrThrow(query.cursor, ID_KEY)[0] };
    const rows = await this.orm.em.fork().find(UserRecord, where, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    return fitPage(rows.map(toUserView), query.limit, (user) => encodeCursor([user.id]));
  }
}

function assertManager(context: RequestContext): void {
  assertActorRole(context.actor, MANAGER_ROLES, 'read other users');
}
