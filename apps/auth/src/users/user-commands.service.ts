import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { CreateUserInput, RequestContext, UpdateUserInput, UserSnapshot, UserView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { EventStore, isUniqueViolation, StreamVersionConflict, type NewEvent } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { PasswordHasher } from '../sessions/password-hasher';
import { decideUser, evolveUser, type UserCommand } from './user.decide';
import { toUserView, UserRecord } from './user.entity';

/** Attempts for a command without If-Match that lost a race: it re-reads and re-decides. */
const MAX_ATTEMPTS = 5;

/**
 * Runs user commands: decide on the projection row, append with its version, update the
 * projection in the same transaction. With an expected version (If-Match) a race is a 412;
 * without one the command is re-decided on the new state, so no update is ever lost.
 */
@Injectable()
export class UserCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EventStore,
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
    const events = decideUser({ kind: 'create', user }, null, context.actor);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.orm.em.fork().transactional(async (tx) => {
        const taken = await tx.count(UserRecord, { email: user.email });
        if (taken) throw new AppError('ALREADY_EXISTS', 'A user with this email exists already');
        await this.store.append(tx, { streamType: 'user', streamId: id, expectedVersion: 0, events, context });
        const now = new Date();
        const record = tx.create(UserRecord, { id, ...user, createdAt: now, updatedAt: now, version: events.length });
        await tx.flush();
        await tx.execute('insert into auth.auth_credentials (user_id, password_hash) values (?, ?)', [id, passwordHash]);
        return toUserView(record);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'email')) throw new AppError('ALREADY_EXISTS', 'A user with this email exists already');
      throw error;
    }
  }

  update(id: string, patch: UpdateUserInput, expectedVersion: number | undefined, context: RequestContext) {
    return this.execute(id, { kind: 'update', patch }, expectedVersion, context);
  }

  deactivate(id: string, expectedVersion: number | undefined, context: RequestContext) {
    return this.execute(id, { kind: 'deactivate', userId: id }, expectedVersion, context);
  }

  reactivate(id: string, expectedVersion: number | undefined, context: RequestContext) {
    return this.execute(id, { kind: 'reactivate' }, expectedVersion, context);
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
    await this.execute(userId, { kind: 'change_password', userId }, undefined, context, async (tx) => {
      await tx.execute('update auth.auth_credentials set password_hash = ?, updated_at = now() where user_id = ?', [hash, userId]);
      await tx.execute('update auth.auth_refresh_tokens set revoked_at = now() where user_id = ? and revoked_at is null', [userId]);
    });
  }

  private async execute(
    id: string,
    command: UserCommand,
    expectedVersion: number | undefined,
    context: RequestContext,
    alongside?: (tx: EntityManager) => Promise<void>,
  ): Promise<UserView> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.orm.em.fork().transactional(async (tx) => {
          const view = await this.decideAndApply(tx, id, command, expectedVersion, context);
          await alongside?.(tx);
          return view;
        });
      } catch (error) {
        if (!(error instanceof StreamVersionConflict)) throw error;
        if (expectedVersion !== undefined) throw versionMismatch(expectedVersion);
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async decideAndApply(
    tx: EntityManager,
    id: string,
    command: UserCommand,
    expectedVersion: number | undefined,
    context: RequestContext,
  ): Promise<UserView> {
    const record = await tx.findOne(UserRecord, { id });
    if (!record) throw new AppError('NOT_FOUND', 'No such user');
    if (expectedVersion !== undefined && record.version !== expectedVersion) throw versionMismatch(expectedVersion);
    const events = decideUser(command, snapshotOf(record), context.actor);
    if (events.length === 0) return toUserView(record);
    await this.store.append(tx, { streamType: 'user', streamId: id, expectedVersion: record.version, events, context });
    applyToRecord(record, events);
    await tx.flush();
    return toUserView(record);
  }
}

function versionMismatch(expected: number): AppError {
  return new AppError('VERSION_MISMATCH', `The user is no longer at version ${expected}; read it again`);
}

export function snapshotOf(record: UserRecord): UserSnapshot {
  const { email, name, role, isActive, phone, department, notes } = record;
  return { email, name, role, isActive, phone, department, notes };
}

/** Folds new events into the projection row and moves its version on. */
export function applyToRecord(record: UserRecord, events: NewEvent[], at = new Date()): void {
  const next = events.reduce(evolveUser, snapshotOf(record));
  Object.assign(record, next, { version: record.version + events.length, updatedAt: at });
}
