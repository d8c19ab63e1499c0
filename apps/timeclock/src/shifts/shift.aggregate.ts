import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { Aggregate, Folded, StreamProjection } from '@uehub/event-store';
import { LIVE_REQUESTS, projectRequests } from './correction-request-projector';
import { shiftDecider, type ShiftCommand, type ShiftState } from './shift.decide';
import { foldedOfRow, LIVE_SHIFTS, shiftRowOf, writeShiftRows, type ShiftColumns } from './shift-projector';

/** The shift row is the state between commands; the projector writes what `evolveShift` computed, and the request rows `evolveRequest` computed. */
const shiftProjection: StreamProjection<ShiftState> = {
  async load(tx: EntityManager, id: string): Promise<Folded<ShiftState> | undefined> {
    const [row] = await tx.execute<ShiftColumns[]>(`select * from ${LIVE_SHIFTS} where id = ? for update`, [id]);
    return row ? foldedOfRow(row) : undefined;
  },
  async save(tx: EntityManager, id: string, folded: Folded<ShiftState>, events: EventEnvelope[]): Promise<void> {
    const row = shiftRowOf(id, folded);
    if (!row) return;
    await writeShiftRows(tx, LIVE_SHIFTS, [row], true);
    await projectRequests(tx, LIVE_REQUESTS, row.user_id, events);
  },
};

/** Shift streams for the command handler. */
export const shiftAggregate: Aggregate<ShiftState, ShiftCommand> = {
  streamType: 'shift',
  decider: shiftDecider,
  projection: shiftProjection,
};
