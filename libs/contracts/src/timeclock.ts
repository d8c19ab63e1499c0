/** Where a device was when it punched (WGS 84). */
export interface GeoPoint {
  lat: number;
  lon: number;
  accuracyM: number | null;
}

/** A break inside a shift; unpaid breaks are not worked time. */
export interface BreakView {
  id: string;
  startedAt: string;
  endedAt: string | null;
  paid: boolean;
}

/** A shift as the API shows it: effective times plus what the device and the server saw. */
export interface ShiftView {
  id: string;
  userId: string;
  startedAt: string;
  endedAt: string | null;
  breaks: BreakView[];
  location: string | null;
  job: string | null;
  note: string | null;
  geo: GeoPoint | null;
  /** Why the shift needs a manager's review (e.g. closed because the user was deactivated). */
  flag: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One punch (clock-in, clock-out, break start/end): every field optional. */
export interface PunchInput {
  /** Client-generated id: the same punch sent again returns the first answer. */
  punchId?: string;
  /** The device's time of the punch (offline devices); the server's time when absent. */
  occurredAt?: string;
  /** A manager punching for one of their workers (a reason is then required). */
  userId?: string;
  reason?: string;
  note?: string;
  geo?: GeoPoint;
}

export interface ClockInInput extends PunchInput {
  location?: string;
  job?: string;
}

export interface BreakStartInput extends PunchInput {
  paid?: boolean;
}

/** Roles that punch (everyone but auditors, who read and change nothing). */
export const PUNCH_ROLES = ['superadmin', 'admin', 'manager', 'employee', 'worker'] as const;

/** New times (and breaks) for a shift, always with a reason: what a worker asks for, or a manager sets. */
export interface CorrectionRequestInput {
  startedAt?: string;
  endedAt?: string;
  breaks?: { startedAt: string; endedAt: string; paid: boolean }[];
  reason: string;
}

/** A manager's correction of a shift; `requestId` names the worker's request it grants. */
export interface CorrectShiftInput extends CorrectionRequestInput {
  requestId?: string;
}

/** A note a worker (or a manager) adds to a shift: it changes no time. */
export interface AddNoteInput {
  text: string;
}

/** A note as the API shows it (from its event). */
export interface ShiftNoteView {
  id: string;
  shiftId: string;
  authorId: string;
  text: string;
  createdAt: string;
}

export type CorrectionRequestStatus = 'pending' | 'accepted' | 'declined';

/** A worker's request to correct their shift, and how a manager resolved it. */
export interface CorrectionRequestView {
  id: string;
  shiftId: string;
  userId: string;
  status: CorrectionRequestStatus;
  /** The values asked for (only the fields to change). */
  requested: { startedAt?: string; endedAt?: string | null; breaks?: BreakView[] };
  /** From/to of each field, against the shift as it stood when asked. */
  changes: Record<string, { from: unknown; to: unknown }>;
  reason: string;
  requestedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The manager's reason: of the correction that granted it, or of the refusal. */
  resolution: string | null;
}

export interface ListCorrectionRequestsQuery {
  status?: CorrectionRequestStatus;
  userId?: string;
  cursor?: string;
  limit: number;
}

/** One version of a shift as its history shows it: who, when, why, and what changed. */
export interface ShiftHistoryEntry {
  version: number;
  type: string;
  occurredAt: string;
  actorId: string;
  reason: string | null;
  data: unknown;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export interface ShiftDetail extends ShiftView {
  history: ShiftHistoryEntry[];
  correctionRequests: CorrectionRequestView[];
}

export interface ListShiftsQuery {
  userId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** A row of the managers' live board. */
export interface OnTheClockRow {
  userId: string;
  name: string | null;
  shiftId: string;
  since: string;
  location: string | null;
  job: string | null;
  onBreakSince: string | null;
}

/** The organisation's timesheet settings (admin). */
export interface TimeclockSettings {
  /** IANA time zone days and workweeks are counted in. */
  timeZone: string;
  /** ISO weekday the workweek starts on: 1 = Monday … 7 = Sunday. */
  weekStartsOn: number;
  dailyOvertimeMinutes: number | null;
  weeklyOvertimeMinutes: number;
  rounding: 0 | 5 | 6 | 15;
}

export interface SettingsView extends TimeclockSettings {
  version: number;
  updatedAt: string | null;
}

export type TimesheetStatus = 'open' | 'submitted' | 'approved' | 'rejected';

export interface TimesheetTotals {
  workedMinutes: number;
  paidBreakMinutes: number;
  unpaidBreakMinutes: number;
  regularMinutes: number;
  overtimeMinutes: number;
}

/** A user's workweek: its shifts, totals (exact, and rounded beside them) and approval state. */
export interface TimesheetView {
  userId: string;
  week: string;
  status: TimesheetStatus;
  /** The reason of the last rejection or reopening. */
  reason: string | null;
  timeZone: string;
  days: { date: string; workedMinutes: number; paidBreakMinutes: number; unpaidBreakMinutes: number; dailyOvertimeMinutes: number }[];
  exact: TimesheetTotals;
  rounded: TimesheetTotals;
  rounding: number;
  openShifts: number;
  shifts: { id: string; startedAt: string; endedAt: string | null; breaks: BreakView[] }[];
  /** The version of the timesheet stream (0 before the first submission). */
  version: number;
  /** Set when the week is shown as it stood at that time. */
  asOf: string | null;
}

/** One line of the payroll export: an approved week's figures, or the user listed as missing. */
export interface PayrollRow {
  userId: string;
  name: string | null;
  email: string | null;
  week: string;
  status: 'approved' | 'missing';
  timesheetStatus: TimesheetStatus;
  regularMinutes: number | null;
  overtimeMinutes: number | null;
  regularHours: number | null;
  overtimeHours: number | null;
  regularHoursRounded: number | null;
  overtimeHoursRounded: number | null;
}

/** The payroll CSV's columns, in order (the JSON rows carry the same fields). */
export const PAYROLL_COLUMNS = [
  'userId',
  'name',
  'email',
  'week',
  'status',
  'timesheetStatus',
  'regularMinutes',
  'overtimeMinutes',
  'regularHours',
  'overtimeHours',
  'regularHoursRounded',
  'overtimeHoursRounded',
] as const satisfies readonly (keyof PayrollRow)[];

/** `GET /timeclock/me`: the caller's open shift and break, and today's and this week's totals so far. */
export interface TimeclockMe {
  openShift: ShiftView | null;
  openBreak: BreakView | null;
  today: { date: string; workedMinutes: number };
  week: { week: string; exact: TimesheetTotals; rounded: TimesheetTotals };
  timeZone: string;
}

/** One line of the hours report: worked time of a user or a department over local days. */
export interface HoursReportRow {
  key: string;
  name: string | null;
  shifts: number;
  workedMinutes: number;
  paidBreakMinutes: number;
  unpaidBreakMinutes: number;
}

export interface HoursReportQuery {
  from: string;
  to: string;
  groupBy: 'user' | 'department';
}
