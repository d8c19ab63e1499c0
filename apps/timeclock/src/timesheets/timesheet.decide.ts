import type { TimesheetStatus, TimesheetTotals } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of timesheet stream ids: one stream per user and workweek, found again from the pair. */
const TIMESHEET_NAMESPACE = '4f0d6a52-7a59-4e43-9d6f-3f7b2f1c9e10';

export function timesheetId(userId: string, week: string): string {
  return uuidv5(`${userId}/${week}`, TIMESHEET_NAMESPACE);
}

export type TimesheetState = {
  userId: string;
  week: string;
  status: TimesheetStatus;
  reason: string | null;
  exact: TimesheetTotals | null;
  rounded: TimesheetTotals | null;
} | null;

export interface WeekFigures {
  exact: TimesheetTotals;
  rounded: TimesheetTotals;
}

export type TimesheetCommand =
  | { kind: 'submit'; userId: string; week: string; figures: WeekFigures }
  | { kind: 'approve'; figures: WeekFigures }
  | { kind: 'reject'; reason: string }
  | { kind: 'reopen'; reason: string };

const locked = () => new AppError('PERIOD_LOCKED', 'The week is approved and locked; an admin must reopen it first');
const wrongState = (what: string, status: TimesheetStatus | 'unsubmitted') => new AppError('RULE_VIOLATED', `A ${status} week cannot be ${what}`);

/** Approval rules: submit (open or rejected) → approve or reject (submitted) → reopen (approved, admin). */
export function decideTimesheet(command: TimesheetCommand, state: TimesheetState): NewEvent[] {
  const status = state?.status ?? 'open';
  switch (command.kind) {
    case 'submit':
      if (status === 'approved') throw locked();
      if (status === 'submitted') throw wrongState('submitted again', status);
      return [{ type: 'timeclock.timesheet.submitted', data: { userId: command.userId, week: command.week, ...command.figures } }];
    case 'approve':
      if (status === 'approved') throw locked();
      if (!state || status !== 'submitted') throw wrongState('approved', state ? status : 'unsubmitted');
      return [{ type: 'timeclock.timesheet.approved', data: { userId: state.userId, week: state.week, ...command.figures } }];
    case 'reject':
      if (status === 'approved') throw locked();
      if (!state || status !== 'submitted') throw wrongState('rejected', state ? status : 'unsubmitted');
      return [{ type: 'timeclock.timesheet.rejected', data: { userId: state.userId, week: state.week, reason: command.reason } }];
    case 'reopen':
      if (!state || status !== 'approved') throw wrongState('reopened', state ? status : 'unsubmitted');
      return [{ type: 'timeclock.timesheet.reopened', data: { userId: state.userId, week: state.week, reason: command.reason } }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown timesheet command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveTimesheet(state: TimesheetState, event: NewEvent): TimesheetState {
  switch (event.type) {
    case 'timeclock.timesheet.submitted':
      return { userId: event.data.userId, week: event.data.week, status: 'submitted', reason: null, exact: event.data.exact, rounded: event.data.rounded };
    case 'timeclock.timesheet.approved':
      return state && { ...state, status: 'approved', exact: event.data.exact, rounded: event.data.rounded };
    case 'timeclock.timesheet.rejected':
      return state && { ...state, status: 'rejected', reason: event.data.reason };
    case 'timeclock.timesheet.reopened':
      return state && { ...state, status: 'open', reason: event.data.reason };
    default:
      return state;
  }
}

export const timesheetDecider: Decider<TimesheetState, TimesheetCommand> = {
  initialState: null,
  decide: (command, state) => decideTimesheet(command, state),
  evolve: evolveTimesheet,
};
