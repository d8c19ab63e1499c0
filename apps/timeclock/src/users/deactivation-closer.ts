import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CommandSession, EventStore } from '@uehub/event-store';
import type { ReplicaChange, UserReplicaHook } from '@uehub/user-replica';
import { shiftAggregate } from '../shifts/shift.aggregate';
import { shiftRepository } from '../shifts/shift.repository';

/**
 * A user deactivated while on the clock: their open shift is closed at the deactivation time
 * and flagged for review, in the replica consumer's transaction (never silently left open).
 * Also when the replica skipped versions to auth's snapshot of an inactive user.
 */
@Injectable()
export class DeactivationCloser implements UserReplicaHook {
  constructor(private readonly store: EventStore) {}

  async applied(tx: EntityManager, change: ReplicaChange): Promise<void> {
    if (change.after.isActive) return;
    const open = await shiftRepository.openShiftOf(tx, change.userId);
    if (!open) return;
    const deactivation = change.event;
    const context = { actor: { kind: 'system' as const, id: 'timeclock' }, correlationId: deactivation.correlationId };
    const session = new CommandSession(tx, context, this.store);
    const command = { kind: 'close_for_deactivation' as const, at: deactivation.occurredAt, receivedAt: new Date().toISOString() };
    await session.execute(shiftAggregate, open, command, { causationId: deactivation.id });
  }
}
