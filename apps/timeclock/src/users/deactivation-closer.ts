import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { CommandSession, EventStore } from '@uehub/event-store';
import { shiftAggregate } from '../shifts/shift.aggregate';
import { shiftRepository } from '../shifts/shift.repository';

/**
 * A user deactivated while on the clock: their open shift is closed at the deactivation time
 * and flagged for review, in the replica consumer's transaction (never silently left open).
 */
@Injectable()
export class DeactivationCloser {
  constructor(private readonly store: EventStore) {}

  async closeOpenShift(tx: EntityManager, userId: string, deactivation: EventEnvelope): Promise<void> {
    const open = await shiftRepository.openShiftOf(tx, userId);
    if (!open) return;
    const context = { actor: { kind: 'system' as const, id: 'timeclock' }, correlationId: deactivation.correlationId };
    const session = new CommandSession(tx, context, this.store);
    const command = { kind: 'close_for_deactivation' as const, at: deactivation.occurredAt, receivedAt: new Date().toISOString() };
    await session.execute(shiftAggregate, open, command, { causationId: deactivation.id });
  }
}
