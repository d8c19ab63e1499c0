import { Inject, Injectable } from '@nestjs/common';
import { MANAGER_ROLES, type BreakStartInput, type ClockInInput, type CorrectShiftInput, type PunchInput, type RequestContext, type ShiftView } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { CommandHandler, isUniqueViolation, type CommandSession, type Executed } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { assertPeriodsOpen } from '../timesheets/period-lock';
import { UserRefs } from '@uehub/user-replica';
import { PUNCH_WINDOW } from '../timeclock-tokens';
import { punchTimeOf, type PunchWindow } from './punch-time';
import { punchContext, punchSubject } from './punch-subject';
import { shiftAggregate } from './shift.aggregate';
import type { ShiftCommand, ShiftState } from './shift.decide';
import { shiftRowOf, shiftViewOf } from './shift-projector';
import { shiftRepository } from './shift.repository';
import { requestRepository } from './correction-request.repository';
import { assertNotOwnRequest } from './shift-access';

const isExclusionViolation = (error: unknown) => (error as { code?: string })?.code === '23P01';

/**
 * Punches on the shared command handler. Each runs under the user's replica row lock, so a
 * user's punches from several devices queue up and see each other; the unique open-shift
 * index and the no-overlap constraint stand behind that in the database.
 */
@Injectable()
export class ShiftCommands {
  constructor(
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
    @Inject(PUNCH_WINDOW) private readonly window: PunchWindow,
  ) {}

  async clockIn(input: ClockInInput, context: RequestContext): Promise<ShiftView> {
    const userId = punchSubject(input, context);
    await this.users.requireActive(userId);
    const punch = this.punchOf(input);
    const id = uuidv7();
    return this.run('timeclock.clock_in', input, punchContext(input, context), async (session) => {
      await this.users.lockActive(session.tx, userId);
      await assertPeriodsOpen(session.tx, userId, [punch.at]);
      const openShiftId = (await shiftRepository.openShiftOf(session.tx, userId)) ?? null;
      const overlappingShiftId = openShiftId ? null : ((await shiftRepository.closedShiftEndingAfter(session.tx, userId, punch.at)) ?? null);
      const command: ShiftCommand = {
        kind: 'start',
        userId,
        punch,
        location: input.location ?? null,
        job: input.job ?? null,
        note: input.note ?? null,
        geo: input.geo ?? null,
        openShiftId,
        overlappingShiftId,
      };
      return viewOf(id, await session.execute(shiftAggregate, id, command));
    });
  }

  clockOut(input: PunchInput, context: RequestContext): Promise<ShiftView> {
    return this.onOpenShift('timeclock.clock_out', input, context, false, (punch) => ({ kind: 'end', punch, note: input.note ?? null, geo: input.geo ?? null }));
  }

  startBreak(input: BreakStartInput, context: RequestContext): Promise<ShiftView> {
    const breakId = uuidv7();
    return this.onOpenShift('timeclock.breaks.start', input, context, true, (punch) => ({ kind: 'start_break', breakId, paid: input.paid ?? false, punch }));
  }

  endBreak(input: PunchInput, context: RequestContext): Promise<ShiftView> {
    return this.onOpenShift('timeclock.breaks.end', input, context, false, (punch) => ({ kind: 'end_break', punch }));
  }

  /** A manager's correction of a shift (If-Match: `expectedVersion`); the original punches stay in its history. */
  correct(id: string, correction: CorrectShiftInput, expectedVersion: number | undefined, context: RequestContext): Promise<ShiftView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'correct shifts');
    const newBreakIds = (correction.breaks ?? []).map(() => uuidv7());
    const payload = { id, correction, expectedVersion };
    return this.run('timeclock.shifts.correct', payload, context, async (session) => {
      const row = await shiftRepository.find(session.tx, id);
      if (!row) throw new AppError('NOT_FOUND', 'No such shift');
      await this.users.lock(session.tx, row.user_id);
      const request = correction.requestId === undefined ? null : await this.requestOf(session, id, correction.requestId, row.user_id);
      const moved = [correction.startedAt, correction.endedAt].filter((t): t is string => t !== undefined);
      await assertPeriodsOpen(session.tx, row.user_id, [new Date(row.started_at).toISOString(), ...moved]);
      return viewOf(id, await session.execute(shiftAggregate, id, { kind: 'correct', correction, newBreakIds, request }, { expectedVersion }));
    });
  }

  /** The worker's request a correction grants (locked; null when this shift has none of that id): never the corrector's own. */
  private async requestOf(session: CommandSession, shiftId: string, requestId: string, ownerId: string) {
    assertNotOwnRequest(ownerId, session.context);
    const request = await requestRepository.lock(session.tx, requestId);
    return request?.shift_id === shiftId ? request : null;
  }

  /** A punch on the user's open shift (409 NO_OPEN_SHIFT without one). */
  private async onOpenShift(
    pattern: string,
    input: PunchInput,
    context: RequestContext,
    activeOnly: boolean,
    commandOf: (punch: ReturnType<typeof punchTimeOf>) => ShiftCommand,
  ): Promise<ShiftView> {
    const userId = punchSubject(input, context);
    const punch = this.punchOf(input);
    return this.run(pattern, input, punchContext(input, context), async (session) => {
      if (activeOnly) await this.users.lockActive(session.tx, userId);
      else await this.users.lock(session.tx, userId);
      const open = await shiftRepository.openShiftOf(session.tx, userId);
      if (!open) throw new AppError('NO_OPEN_SHIFT', 'No shift is open; clock in first');
      await assertPeriodsOpen(session.tx, userId, [new Date((await shiftRepository.find(session.tx, open))!.started_at).toISOString(), punch.at]);
      return viewOf(open, await session.execute(shiftAggregate, open, commandOf(punch)));
    });
  }

  private punchOf(input: PunchInput) {
    return punchTimeOf({ receivedAt: new Date(), deviceTime: input.occurredAt, punchId: input.punchId, reason: input.reason }, this.window);
  }

  /** One command transaction (a punch's context carries its punchId as idempotency key); a race the database caught is decided again, then reported with its own code. */
  private async run<T>(pattern: string, payload: object, context: RequestContext, work: (session: CommandSession) => Promise<T>): Promise<T> {
    const retryOn = (error: unknown) => isUniqueViolation(error, 'one_open') || isExclusionViolation(error);
    try {
      return await this.commands.run({ context, request: { pattern, payload }, retryOn }, work);
    } catch (error) {
      if (isUniqueViolation(error, 'one_open')) throw new AppError('SHIFT_ALREADY_OPEN', 'A shift is open already');
      if (isExclusionViolation(error)) throw new AppError('SHIFT_OVERLAP', 'The shift would overlap another shift');
      throw error;
    }
  }
}

function viewOf(id: string, executed: Executed<ShiftState>): ShiftView {
  const row = executed.folded && shiftRowOf(id, executed.folded);
  if (!row) throw new AppError('NOT_FOUND', 'No such shift');
  return shiftViewOf(row);
}
