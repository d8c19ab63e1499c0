import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { CreateUserInput, RequestContext, UpdateUserInput, UserSnapshot, UserView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { CommandHandler, isUniqueViolation, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { PasswordHasher } from '../sessions/password-hasher';
import { userAggregate } from './user.aggregate';
import type { UserState } from './user.decide';
import { UserRecord } from './user.entity';

/**
 * User commands on the shared command handler: it locks the `auth_user` row, decides, appends
 * with its version and writes the projection in one transaction. With an expected version
 * (If-Match) a race is a 412; without one the command is re-decided on the new state.
 */
@Injectable()
export class UserCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: CreateUserInput, context: RequestContext): Promise<UserView> {
    const id = uuidv7();
    const user: UserSnapshot = {
      email: input.email,
      name: input.name,
      role: input.role,
      isActive: true,
      phone: input.phone ?? null,
      department: input.department ?? null,
      notes: input.notes ?? null,
    };
    const passwordHash = await this.hasher.hash(input.password);
    try {
      // the password stays out of the idempotency fingerprint (it is a secret, even hashed)
      const request = { pattern: 'auth.users.create', payload: { ...input, password: undefined } };
      return await this.commands.run({ context, request }, async (session) => {
        if (await session.tx.count(UserRecord, { email: user.email })) throw alreadyExists();
        const created = await session.execute(userAggregate, id, { kind: 'create', user });
        await session.tx.execute('insert into auth.auth_credentials (user_id, password_hash) values (?, ?)', [id, passwordHash]);
        return toView(id, created);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'email')) throw alreadyExists();
      throw error;
    }
  }

  update(id: string, patch: UpdateUserInput, expectedVersion: number | undefined, context: RequestContext): Promise<UserView> {
    const request = { pattern: 'auth.users.update', payload: { id, patch, expectedVersion } };
    return this.commands.handle(userAggregate, id, { kind: 'update', patch }, { context, expectedVersion, request }, (done) => toView(id, done));
  }

  deactivate(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<UserView> {
    const request = { pattern: 'auth.users.deactivate', payload: { id, expectedVersion } };
    return this.commands.handle(userAggregate, id, { kind: 'deactivate', userId: id }, { context, expectedVersion, request }, (done) => toView(id, done));
  }

  reactivate(id: string, expectedVersion: number | undefined, context: RequestContext): Promise<UserView> {
    const request = { pattern: 'auth.users.reactivate', payload: { id, expectedVersion } };
    return this.commands.handle(userAggregate, id, { kind: 'reactivate' }, { context, expectedVersion, request }, (done) => toView(id, done));
  }

  /** Checks the current password, then stores the new hash and ends every session of the user. */
  async changePassword(currentPassword: string, newPassword: string, context: RequestContext): Promise<void> {
    const userId = context.actor.id;
    const [row] = await this.orm.em
      .fork()
      .execute<{ password_hash: string }[]>('select password_hash from auth.auth_credentials where user_id = ?', [userId]);
    if (!row || !(await this.hasher.verify(currentPassword, row.password_hash))) {
      throw new AppError('RULE_VIOLATED', 'The current password is wrong');
    }
    const hash = await this.hasher.hash(newPassword);
    // no Idempotency-Key here: the request is made of secrets, which never enter a fingerprint,
    // and a repeat is refused by the password check before any key could be looked up
    await this.commands.run({ context }, async (session) => {
      await session.execute(userAggregate, userId, { kind: 'change_password', userId });
      await session.tx.execute('update auth.auth_credentials set password_hash = ?, updated_at = now() where user_id = ?', [hash, userId]);
      await session.tx.execute('update auth.auth_refresh_tokens set revoked_at = now() where user_id = ? and revoked_at is null', [userId]);
    });
  }
}

function alreadyExists(): AppError {
  return new AppError('ALREADY_EXISTS', 'A user with this email exists already');
}

/** The API view of a user stream after a command (NOT_FOUND when it never existed). */
function toView(id: string, { folded }: Executed<UserState>): UserView {
  if (!folded?.state) throw new AppError('NOT_FOUND', 'No such user');
  return { id, ...folded.state, createdAt: folded.createdAt, updatedAt: folded.updatedAt, version: folded.version };
}
