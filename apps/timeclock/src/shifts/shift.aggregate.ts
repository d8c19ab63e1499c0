import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import type { Aggregate, Folded, StreamProjection } from '@uehub/event-store';
import { LIVE_REQUESTS, projectRequests, requestIdOf } from './correction-request-projector';
import { shiftDecider, type ShiftCommand, type ShiftState } from './shift.decide';
import { foldedOfRow, LIVE_SHIFTS, shiftRowOf, shiftStatement, writeShiftRows, type ShiftColumns } from './shift-projector';

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
  // a punch's shift row goes in the append's statement; request rows need a read first, so `save` writes those
  writes(id: string, folded: Folded<ShiftState>, events: EventEnvelope[]) {
    if (events.some((e) => requestIdOf(e) !== undefined)) return undefined;
    const row = shiftRowOf(id, folded);
    return row ? [shiftStatement(LIVE_SHIFTS, [row], true)] : [];
  },
};

/** Shift streams for the command handler. */
export const shiftAggregate: Aggregate<ShiftState, ShiftCommand> = {
  streamType: 'shift',
  decider: shiftDecider,
  projection: shiftProjection,
};
