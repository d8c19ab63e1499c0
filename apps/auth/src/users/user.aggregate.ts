import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { UserSnapshot } from '@uehub/contracts';
import type { Aggregate, Folded, StreamProjection } from '@uehub/event-store';
import { userDecider, type UserCommand, type UserState } from './user.decide';
import { UserRecord } from './user.entity';

export function snapshotOf(record: UserRecord): UserSnapshot {
  const { email, name, role, isActive, phone, department, notes } = record;
  return { email, name, role, isActive, phone, department, notes };
}

/** The `auth_user` row of a stream: it holds what `evolveUser` computed, nothing of its own. */
const userProjection: StreamProjection<UserState> = {
  async load(tx: EntityManager, id: string): Promise<Folded<UserState> | undefined> {
    const record = await tx.findOne(UserRecord, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!record) return undefined;
    return {
      state: snapshotOf(record),
      version: record.version,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  },
  async save(tx: EntityManager, id: string, folded: Folded<UserState>): Promise<void> {
    if (!folded.state) return;
    // one INSERT … ON CONFLICT statement
    await tx.upsert(UserRecord, {
      id,
      ...folded.state,
      createdAt: new Date(folded.createdAt),
      updatedAt: new Date(folded.updatedAt),
      version: folded.version,
    });
  },
};

/** User streams for the command handler. */
export const userAggregate: Aggregate<UserState, UserCommand> = {
  streamType: 'user',
  decider: userDecider,
  projection: userProjection,
};
