import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ADMIN_ROLES, MANAGER_ROLES, PUNCH_ROLES, type HoursReportQuery, type HoursReportRow, type PayrollRow, type RequestContext, type TimeclockMe, type TimesheetView } from '@uehub/contracts';
import { AppError, assertActorRole } from '@uehub/errors';
import { CommandHandler } from '@uehub/event-store';
import { assertMayRead, readsAll } from '../shifts/shift-access';
import { UserRefs } from '@uehub/user-replica';
import { loadSettings } from './settings.decide';
import { findTimesheet, timesheetAggregate } from './timesheet.aggregate';
import { timesheetId, type TimesheetCommand, type WeekFigures } from './timesheet.decide';
import { hoursReport } from './hours-report';
import { meView } from './me-view';
import { payrollRows } from './payroll-export';
import { currentTimesheet, timesheetAsOf } from './timesheet-view';
import { weekStartOf } from './week-totals';

type Decision = 'submit' | 'approve' | 'reject' | 'reopen';

/**
 * Workweek timesheets: read (now, or as of a past time from the events), submit (the worker, or a
 * manager), approve or reject (a manager, not their own), reopen (an admin). Each decision runs
 * on the shared command handler with the timesheet row locked, and figures computed under it.
 */
@Injectable()
export class Timesheets {
  constructor(
    private readonly orm: MikroORM,
    private readonly commands: CommandHandler,
    private readonly users: UserRefs,
  ) {}

  async get(userId: string, week: string, asOf: string | undefined, context: RequestContext): Promise<TimesheetView> {
    assertMayRead(context.actor, userId);
    const em = this.orm.em.fork();
    const { settings } = await loadSettings(em);
    assertWeekStart(week, settings.weekStartsOn);
    return asOf ? timesheetAsOf(em, userId, week, asOf) : currentTimesheet(em, userId, week, settings);
  }

  /** The caller's own clock (anyone signed in). */
  me(context: RequestContext): Promise<TimeclockMe> {
    return meView(this.orm.em.fork(), context.actor.id, new Date());
  }

  /** Approved weeks for payroll; every other user listed as missing (managers and up, auditors). */
  async payroll(week: string, context: RequestContext): Promise<{ week: string; items: PayrollRow[] }> {
    if (!readsAll(context.actor)) throw new AppError('FORBIDDEN', 'Only managers and up, and auditors, export payroll');
    const em = this.orm.em.fork();
    const { settings } = await loadSettings(em);
    assertWeekStart(week, settings.weekStartsOn);
    return { week, items: await payrollRows(em, week) };
  }

  /** Worked hours per user or department over local days (managers and up, auditors). */
  async hours(query: HoursReportQuery, context: RequestContext): Promise<{ items: HoursReportRow[] }> {
    if (!readsAll(context.actor)) throw new AppError('FORBIDDEN', 'Only managers and up, and auditors, read the hours report');
    return { items: await hoursReport(this.orm.em.fork(), query) };
  }

  async decide(decision: Decision, userId: string, week: string, reason: string | undefined, context: RequestContext): Promise<TimesheetView> {
    const { actor } = context;
    if (decision === 'submit') {
      if (actor.kind !== 'user' || actor.id !== userId) assertActorRole(actor, MANAGER_ROLES, "submit someone else's week");
      else assertActorRole(actor, PUNCH_ROLES, 'submit weeks'); // auditors change nothing
    } else if (decision === 'reopen') {
      assertActorRole(actor, ADMIN_ROLES, 'reopen an approved week');
    } else {
      assertActorRole(actor, MANAGER_ROLES, `${decision} weeks`);
      if (actor.kind === 'user' && actor.id === userId) throw new AppError('FORBIDDEN', `You may not ${decision} your own week`);
    }
    await this.users.requireKnown(userId);
    const payload = { userId, week, reason };
    return this.commands.run({ context, request: { pattern: `timeclock.timesheets.${decision}`, payload } }, async (session) => {
      const { settings } = await loadSettings(session.tx);
      assertWeekStart(week, settings.weekStartsOn);
      const id = timesheetId(userId, week);
      await findTimesheet(session.tx, id, true); // lock first: the figures below are what is approved
      const figures = async (): Promise<WeekFigures> => {
        const view = await currentTimesheet(session.tx, userId, week, settings);
        if (view.openShifts > 0) throw new AppError('RULE_VIOLATED', 'The week has an open shift; clock out (or correct it) first');
        return { exact: view.exact, rounded: view.rounded };
      };
      const command: TimesheetCommand =
        decision === 'submit'
          ? { kind: 'submit', userId, week, figures: await figures() }
          : decision === 'approve'
            ? { kind: 'approve', figures: await figures() }
            : { kind: decision, reason: reason! };
      await session.execute(timesheetAggregate, id, command);
      return currentTimesheet(session.tx, userId, week, settings);
    });
  }
}

function assertWeekStart(week: string, weekStartsOn: number): void {
  if (weekStartOf(week, weekStartsOn) !== week) {
    const day = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekStartsOn];
    throw new AppError('RULE_VIOLATED', `${week} is not the first day of a workweek (weeks start on ${day})`, [{ path: 'week', message: `must be a ${day}` }]);
  }
}
