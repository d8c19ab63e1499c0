import { Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { MANAGER_ROLES, type ListUsersQuery, type Page, type RequestContext, type UserView } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { toUserView, UserRecord } from './user.entity';

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
    if (query.cursor) where.id = { $gt: decodeCursor(query.cursor) };
    const rows = await this.orm.em.fork().find(UserRecord, where, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit).map(toUserView);
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null;
    return { items, nextCursor };
  }
}

function assertManager(context: RequestContext): void {
  assertActorRole(context.actor, MANAGER_ROLES, 'read other users');
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('VALIDATION_FAILED', 'The cursor is not valid');
  return id;
}
