import type { Changes, EventPayloads, RequestContext, ScheduleFields } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';
import { DateTime } from 'luxon';
import { validateRecurrence, wallClockOf } from './recurrence';

/** A schedule folded (null before it was created). */
export type ScheduleState = (ScheduleFields & { templateId: string; deletedAt: string | null }) | null;

/** What a caller gives: `startsAt` as ISO with or without offset (the decider turns it into the wall clock in the zone). */
export type ScheduleDraft = Omit<ScheduleFields, 'timeZone' | 'windowMinutes'> & { timeZone?: string; windowMinutes?: number | null };

export type ScheduleCommand =
  | { kind: 'create'; templateId: string; fields: ScheduleDraft; at: string }
  | { kind: 'update'; patch: Partial<ScheduleDraft>; at: string }
  | { kind: 'delete'; at: string };

/** How far in the past a schedule may begin (its occurrences before now are judged at once). */
export const MAX_BACKDATE_DAYS = 31;
const FIELDS = ['site', 'assigneeId', 'rrule', 'startsAt', 'timeZone', 'windowMinutes'] as const;

/** Schedule rules: a rule this service accepts, that begins at most 31 days back; changes name their before and after. */
export function decideSchedule(command: ScheduleCommand, state: ScheduleState, context: RequestContext): NewEvent[] {
  if (command.kind === 'create') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The schedule exists already');
    const timeZone = command.fields.timeZone ?? 'UTC';
    const fields = settled({ ...command.fields, timeZone, startsAt: wallClockOf(command.fields.startsAt, timeZone), windowMinutes: command.fields.windowMinutes ?? null }, command.at);
    return [{ type: 'safety.schedule.created', data: { templateId: command.templateId, ...fields } }];
  }
  if (!state || state.deletedAt) throw new AppError('NOT_FOUND', 'No such schedule');
  switch (command.kind) {
    case 'update': {
      const { patch } = command;
      const timeZone = patch.timeZone ?? state.timeZone;
      const proposed = { ...pick(state), ...patch, timeZone, startsAt: patch.startsAt ? wallClockOf(patch.startsAt, timeZone) : state.startsAt };
      const next = settled(proposed, command.at, patch.startsAt !== undefined || patch.timeZone !== undefined);
      const data: EventPayloads['safety.schedule.updated'] = {};
      const changes: Changes = {};
      for (const field of FIELDS) {
        if (next[field] === state[field]) continue;
        changes[field] = { from: state[field], to: next[field] };
        Object.assign(data, { [field]: next[field] });
      }
      return Object.keys(changes).length ? [{ type: 'safety.schedule.updated', data, changes }] : [];
    }
    case 'delete':
      return [{ type: 'safety.schedule.deleted', data: { by: context.actor.id, at: command.at } }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown schedule command ${JSON.stringify(unknown)}`);
    }
  }
}

function pick({ site, assigneeId, rrule, startsAt, timeZone, windowMinutes }: ScheduleFields): ScheduleFields {
  return { site, assigneeId, rrule, startsAt, timeZone, windowMinutes };
}

/** Checks the rule (422 INVALID_RECURRENCE) and, when the start moved, that it is not too far back; returns the fields with the rule normalised. */
function settled(fields: ScheduleFields, at: string, startMoved = true): ScheduleFields {
  const rrule = validateRecurrence(fields);
  const starts = DateTime.fromISO(fields.startsAt, { zone: fields.timeZone });
  if (startMoved && starts.toMillis() < Date.parse(at) - MAX_BACKDATE_DAYS * 86_400_000) {
    throw new AppError('RULE_VIOLATED', `A schedule may begin at most ${MAX_BACKDATE_DAYS} days in the past`, [{ path: 'startsAt', message: 'too far in the past' }]);
  }
  return { ...pick(fields), rrule };
}

export function evolveSchedule(state: ScheduleState, event: NewEvent): ScheduleState {
  switch (event.type) {
    case 'safety.schedule.created':
      return { ...event.data, deletedAt: null };
    case 'safety.schedule.updated':
      return state && { ...state, ...event.data };
    case 'safety.schedule.deleted':
      return state && { ...state, deletedAt: event.data.at };
    default:
      return state;
  }
}

export const scheduleDecider: Decider<ScheduleState, ScheduleCommand> = {
  initialState: null,
  decide: decideSchedule,
  evolve: evolveSchedule,
};
