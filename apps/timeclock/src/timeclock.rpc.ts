import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  addNoteSchema,
  asOfSchema,
  breakStartSchema,
  clockInSchema,
  correctionRequestSchema,
  correctShiftSchema,
  decisionReasonSchema,
  hoursReportQuerySchema,
  listCorrectionRequestsQuerySchema,
  listShiftsQuerySchema,
  punchSchema,
  settingsSchema,
  uuidSchema,
  weekSchema,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftQueries } from './shifts/shift-queries.service';
import { ShiftRequests } from './shifts/shift-requests.service';
import { TimeclockSettingsService } from './timesheets/settings.service';
import { Timesheets } from './timesheets/timesheet.service';

const expectedVersion = z.number().int().positive().optional();

/** Timeclock's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class TimeclockRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly commands: ShiftCommands,
    private readonly queries: ShiftQueries,
    private readonly settings: TimeclockSettingsService,
    private readonly timesheets: Timesheets,
    private readonly requests: ShiftRequests,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'timeclock.clock_in': (p, c) => this.commands.clockIn(parseOrThrow(clockInSchema, p), requireCaller(c)),
      'timeclock.clock_out': (p, c) => this.commands.clockOut(parseOrThrow(punchSchema, p), requireCaller(c)),
      'timeclock.breaks.start': (p, c) => this.commands.startBreak(parseOrThrow(breakStartSchema, p), requireCaller(c)),
      'timeclock.breaks.end': (p, c) => this.commands.endBreak(parseOrThrow(punchSchema, p), requireCaller(c)),
      'timeclock.shifts.get': (p, c) => this.queries.get(parseOrThrow(uuidSchema, p.id, 'shift id'), requireCaller(c)),
      'timeclock.shifts.list': (p, c) => this.queries.list(parseOrThrow(listShiftsQuerySchema, p, 'query'), requireCaller(c)),
      'timeclock.shifts.correct': (p, c) =>
        this.commands.correct(
          parseOrThrow(uuidSchema, p.id, 'shift id'),
          parseOrThrow(correctShiftSchema, p.correction),
          parseOrThrow(expectedVersion, p.expectedVersion),
          requireCaller(c),
        ),
      'timeclock.shifts.add_note': (p, c) => this.requests.addNote(parseOrThrow(uuidSchema, p.id, 'shift id'), parseOrThrow(addNoteSchema, p.note), requireCaller(c)),
      'timeclock.shifts.request_correction': (p, c) =>
        this.requests.requestCorrection(parseOrThrow(uuidSchema, p.id, 'shift id'), parseOrThrow(correctionRequestSchema, p.request), requireCaller(c)),
      'timeclock.correction_requests.list': (p, c) => this.requests.list(parseOrThrow(listCorrectionRequestsQuerySchema, p, 'query'), requireCaller(c)),
      'timeclock.correction_requests.decline': (p, c) =>
        this.requests.decline(parseOrThrow(uuidSchema, p.id, 'request id'), parseOrThrow(decisionReasonSchema, { reason: p.reason }).reason, requireCaller(c)),
      'timeclock.on_the_clock': (_p, c) => this.queries.onTheClock(requireCaller(c)),
      'timeclock.settings.get': (_p, c) => {
        requireCaller(c);
        return this.settings.get();
      },
      'timeclock.settings.update': (p, c) =>
        this.settings.update(parseOrThrow(settingsSchema, p.settings), parseOrThrow(expectedVersion, p.expectedVersion), requireCaller(c)),
      'timeclock.timesheets.get': (p, c) => {
        const { userId, week } = sheet(p);
        return this.timesheets.get(userId, week, parseOrThrow(asOfSchema, p.asOf, 'asOf'), requireCaller(c));
      },
      'timeclock.reports.hours': (p, c) => this.timesheets.hours(parseOrThrow(hoursReportQuerySchema, p, 'query'), requireCaller(c)),
      'timeclock.me': (_p, c) => this.timesheets.me(requireCaller(c)),
      'timeclock.exports.payroll': (p, c) => this.timesheets.payroll(parseOrThrow(weekSchema, p.week, 'week'), requireCaller(c)),
      'timeclock.timesheets.submit': (p, c) => this.decide('submit', p, c),
      'timeclock.timesheets.approve': (p, c) => this.decide('approve', p, c),
      'timeclock.timesheets.reject': (p, c) => this.decide('reject', p, c),
      'timeclock.timesheets.reopen': (p, c) => this.decide('reopen', p, c),
    });
  }

  private decide(decision: 'submit' | 'approve' | 'reject' | 'reopen', p: { userId: string; week: string; reason?: string }, c: RequestContext | undefined) {
    const { userId, week } = sheet(p);
    const reason = decision === 'reject' || decision === 'reopen' ? parseOrThrow(decisionReasonSchema, { reason: p.reason }).reason : undefined;
    return this.timesheets.decide(decision, userId, week, reason, requireCaller(c));
  }
}

/** A timesheet's key, re-validated. */
function sheet(p: { userId: string; week: string }): { userId: string; week: string } {
  return { userId: parseOrThrow(uuidSchema, p.userId, 'user id'), week: parseOrThrow(weekSchema, p.week, 'week') };
}
