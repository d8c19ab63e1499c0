import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  MANAGER_ROLES,
  PUNCH_ROLES,
  type AddNoteInput,
  type CorrectionRequestInput,
  type CorrectionRequestView,
  type ListCorrectionRequestsQuery,
  type Page,
  type RequestContext,
  type ShiftNoteView,
} from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { CommandHandler, type CommandSession } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import { requestViewOf } from './correction-request-projector';
import { requestRepository } from './correction-request.repository';
import { assertMayRead, assertNotOwnRequest, readsAll } from './shift-access';
import { shiftAggregate } from './shift.aggregate';
import { shiftRepository } from './shift.repository';

/**
 * What a worker may do about their recorded times instead of editing them: add a note, or ask
 * for a correction that a manager then grants (a correction naming the request) or declines.
 * None of these changes a time, so none is refused in an approved week.
 */
@Injectable()
export class ShiftRequests {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
  ) {}

  /** A note on a shift: its worker, or a manager and up (auditors change nothing). */
  addNote(shiftId: string, input: AddNoteInput, context: RequestContext): Promise<ShiftNoteView> {
    assertActorRole(context.actor, PUNCH_ROLES, 'add notes to shifts');
    const noteId = uuidv7();
    return this.run('timeclock.shifts.add_note', { id: shiftId, note: input }, context, async (session) => {
      const userId = await this.ownerOf(session, shiftId);
      if (userId !== context.actor.id) assertActorRole(context.actor, MANAGER_ROLES, "add notes to someone else's shift");
      const { events } = await session.execute(shiftAggregate, shiftId, { kind: 'add_note', noteId, text: input.text });
      return { id: noteId, shiftId, authorId: context.actor.id, text: input.text, createdAt: events[0].occurredAt };
    });
  }

  /** A worker's request to correct their own shift (managers correct directly). */
  requestCorrection(shiftId: string, request: CorrectionRequestInput, context: RequestContext): Promise<CorrectionRequestView> {
    assertActorRole(context.actor, PUNCH_ROLES, 'ask for corrections');
    const requestId = uuidv7();
    const newBreakIds = (request.breaks ?? []).map(() => uuidv7());
    return this.run('timeclock.shifts.request_correction', { id: shiftId, request }, context, async (session) => {
      if ((await this.ownerOf(session, shiftId)) !== context.actor.id) throw new AppError('FORBIDDEN', 'Only the worker of a shift asks for its correction; managers correct it');
      await session.execute(shiftAggregate, shiftId, { kind: 'request_correction', requestId, request, newBreakIds });
      return this.viewOf(session, requestId);
    });
  }

  /** A manager (not the requester) declines a pending request, with a reason. */
  decline(requestId: string, reason: string, context: RequestContext): Promise<CorrectionRequestView> {
    assertActorRole(context.actor, MANAGER_ROLES, 'decline correction requests');
    return this.run('timeclock.correction_requests.decline', { id: requestId, reason }, context, async (session) => {
      const row = await requestRepository.lock(session.tx, requestId);
      if (!row) throw new AppError('NOT_FOUND', 'No such correction request');
      assertNotOwnRequest(row.user_id, context);
      await session.execute(shiftAggregate, row.shift_id, { kind: 'decline_request', requestId, request: row, reason });
      return this.viewOf(session, requestId);
    });
  }

  /** Requests newest first: workers and employees see their own; managers and up, and auditors, everyone's. */
  list(query: ListCorrectionRequestsQuery, context: RequestContext): Promise<Page<CorrectionRequestView>> {
    const { actor } = context;
    const userId = readsAll(actor) ? query.userId : (query.userId ?? actor.id);
    if (userId !== undefined) assertMayRead(actor, userId);
    return requestRepository.list(this.orm.em.fork(), { ...query, userId });
  }

  private async ownerOf(session: CommandSession, shiftId: string): Promise<string> {
    const row = await shiftRepository.find(session.tx, shiftId);
    if (!row) throw new AppError('NOT_FOUND', 'No such shift');
    return row.user_id;
  }

  private async viewOf(session: CommandSession, requestId: string): Promise<CorrectionRequestView> {
    return requestViewOf((await requestRepository.lock(session.tx, requestId))!);
  }

  private run<T>(pattern: string, payload: object, context: RequestContext, work: (session: CommandSession) => Promise<T>): Promise<T> {
    return this.commands.run({ context, request: { pattern, payload } }, work);
  }
}

