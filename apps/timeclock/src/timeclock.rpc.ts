import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  addNoteSchema,
  asOfSchema,
  breakStartSchema,
  clockInSchema,
  correctionRequestSchema,
  correctShiftSchema,
  decisionReasonSchema,
  expectedVersionSchema,
  hoursReportQuerySchema,
  listCorrectionRequestsQuerySchema,
  listShiftsQuerySchema,
  punchSchema,
  settingsSchema,
  uuidSchema,
  weekSchema,
  type AddNoteInput,
  type BreakStartInput,
  type ClockInInput,
  type CorrectionRequestInput,
  type CorrectionRequestView,
  type CorrectShiftInput,
  type HoursReportQuery,
  type HoursReportRow,
  type ListCorrectionRequestsQuery,
  type ListShiftsQuery,
  type OnTheClockRow,
  type Page,
  type PayrollRow,
  type PunchInput,
  type RequestContext,
  type SettingsView,
  type ShiftDetail,
  type ShiftNoteView,
  type ShiftView,
  type TimeclockMe,
  type TimeclockSettings,
  type TimesheetView,
} from '@uehub/contracts';
import { Caller, Handles, ZodPipe } from '@uehub/messaging';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftQueries } from './shifts/shift-queries.service';
import { ShiftRequests } from './shifts/shift-requests.service';
import { TimeclockSettingsService } from './timesheets/settings.service';
import { Timesheets } from './timesheets/timesheet.service';

const shiftId = new ZodPipe(uuidSchema, 'shift id');
const userId = new ZodPipe(uuidSchema, 'user id');
const week = new ZodPipe(weekSchema, 'week');
const version = new ZodPipe(expectedVersionSchema);
const reason = new ZodPipe(decisionReasonSchema.shape.reason, 'reason');

/**
 * Timeclock's request/reply patterns. Every caller is a signed-in user (the global
 * `CallerGuard`); payloads are validated by the pipes; roles are the commands' and queries' rules.
 */
@Controller()
export class TimeclockRpc {
  constructor(
    private readonly commands: ShiftCommands,
    private readonly queries: ShiftQueries,
    private readonly settings: TimeclockSettingsService,
    private readonly timesheets: Timesheets,
    private readonly requests: ShiftRequests,
  ) {}

  @Handles('timeclock.clock_in')
  clockIn(@Payload(new ZodPipe(clockInSchema)) input: ClockInInput, @Caller() caller: RequestContext): Promise<ShiftView> {
    return this.commands.clockIn(input, caller);
  }

  @Handles('timeclock.clock_out')
  clockOut(@Payload(new ZodPipe(punchSchema)) input: PunchInput, @Caller() caller: RequestContext): Promise<ShiftView> {
    return this.commands.clockOut(input, caller);
  }

  @Handles('timeclock.breaks.start')
  startBreak(@Payload(new ZodPipe(breakStartSchema)) input: BreakStartInput, @Caller() caller: RequestContext): Promise<ShiftView> {
    return this.commands.startBreak(input, caller);
  }

  @Handles('timeclock.breaks.end')
  endBreak(@Payload(new ZodPipe(punchSchema)) input: PunchInput, @Caller() caller: RequestContext): Promise<ShiftView> {
    return this.commands.endBreak(input, caller);
  }

  @Handles('timeclock.shifts.get')
  getShift(@Payload('id', shiftId) id: string, @Caller() caller: RequestContext): Promise<ShiftDetail> {
    return this.queries.get(id, caller);
  }

  @Handles('timeclock.shifts.list')
  listShifts(@Payload(new ZodPipe(listShiftsQuerySchema, 'query')) query: ListShiftsQuery, @Caller() caller: RequestContext): Promise<Page<ShiftView>> {
    return this.queries.list(query, caller);
  }

  @Handles('timeclock.shifts.correct')
  correct(
    @Payload('id', shiftId) id: string,
    @Payload('correction', new ZodPipe(correctShiftSchema)) correction: CorrectShiftInput,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<ShiftView> {
    return this.commands.correct(id, correction, expectedVersion, caller);
  }

  @Handles('timeclock.shifts.add_note')
  addNote(@Payload('id', shiftId) id: string, @Payload('note', new ZodPipe(addNoteSchema)) note: AddNoteInput, @Caller() caller: RequestContext): Promise<ShiftNoteView> {
    return this.requests.addNote(id, note, caller);
  }

  @Handles('timeclock.shifts.request_correction')
  requestCorrection(
    @Payload('id', shiftId) id: string,
    @Payload('request', new ZodPipe(correctionRequestSchema)) request: CorrectionRequestInput,
    @Caller() caller: RequestContext,
  ): Promise<CorrectionRequestView> {
    return this.requests.requestCorrection(id, request, caller);
  }

  @Handles('timeclock.correction_requests.list')
  listCorrectionRequests(
    @Payload(new ZodPipe(listCorrectionRequestsQuerySchema, 'query')) query: ListCorrectionRequestsQuery,
    @Caller() caller: RequestContext,
  ): Promise<Page<CorrectionRequestView>> {
    return this.requests.list(query, caller);
  }

  @Handles('timeclock.correction_requests.decline')
  decline(
    @Payload('id', new ZodPipe(uuidSchema, 'request id')) id: string,
    @Payload('reason', reason) text: string,
    @Caller() caller: RequestContext,
  ): Promise<CorrectionRequestView> {
    return this.requests.decline(id, text, caller);
  }

  @Handles('timeclock.on_the_clock')
  onTheClock(@Caller() caller: RequestContext): Promise<{ items: OnTheClockRow[] }> {
    return this.queries.onTheClock(caller);
  }

  @Handles('timeclock.settings.get')
  getSettings(): Promise<SettingsView> {
    return this.settings.get();
  }

  @Handles('timeclock.settings.update')
  updateSettings(
    @Payload('settings', new ZodPipe(settingsSchema)) settings: TimeclockSettings,
    @Payload('expectedVersion', version) expectedVersion: number | undefined,
    @Caller() caller: RequestContext,
  ): Promise<SettingsView> {
    return this.settings.update(settings, expectedVersion, caller);
  }

  @Handles('timeclock.timesheets.get')
  getTimesheet(
    @Payload('userId', userId) user: string,
    @Payload('week', week) weekOf: string,
    @Payload('asOf', new ZodPipe(asOfSchema, 'asOf')) asOf: string | undefined,
    @Caller() caller: RequestContext,
  ): Promise<TimesheetView> {
    return this.timesheets.get(user, weekOf, asOf, caller);
  }

  @Handles('timeclock.reports.hours')
  hours(@Payload(new ZodPipe(hoursReportQuerySchema, 'query')) query: HoursReportQuery, @Caller() caller: RequestContext): Promise<{ items: HoursReportRow[] }> {
    return this.timesheets.hours(query, caller);
  }

  @Handles('timeclock.me')
  me(@Caller() caller: RequestContext): Promise<TimeclockMe> {
    return this.timesheets.me(caller);
  }

  @Handles('timeclock.exports.payroll')
  payroll(@Payload('week', week) weekOf: string, @Caller() caller: RequestContext): Promise<{ week: string; items: PayrollRow[] }> {
    return this.timesheets.payroll(weekOf, caller);
  }

  @Handles('timeclock.timesheets.submit')
  submit(@Payload('userId', userId) user: string, @Payload('week', week) weekOf: string, @Caller() caller: RequestContext): Promise<TimesheetView> {
    return this.timesheets.decide('submit', user, weekOf, undefined, caller);
  }

  @Handles('timeclock.timesheets.approve')
  approve(@Payload('userId', userId) user: string, @Payload('week', week) weekOf: string, @Caller() caller: RequestContext): Promise<TimesheetView> {
    return this.timesheets.decide('approve', user, weekOf, undefined, caller);
  }

  // rejecting or reopening a timesheet needs a reason
  @Handles('timeclock.timesheets.reject')
  reject(
    @Payload('userId', userId) user: string,
    @Payload('week', week) weekOf: string,
    @Payload('reason', reason) text: string,
    @Caller() caller: RequestContext,
  ): Promise<TimesheetView> {
    return this.timesheets.decide('reject', user, weekOf, text, caller);
  }

  @Handles('timeclock.timesheets.reopen')
  reopen(
    @Payload('userId', userId) user: string,
    @Payload('week', week) weekOf: string,
    @Payload('reason', reason) text: string,
    @Caller() caller: RequestContext,
  ): Promise<TimesheetView> {
    return this.timesheets.decide('reopen', user, weekOf, text, caller);
  }
}
