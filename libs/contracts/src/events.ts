import type { Role } from './roles';
import type { BreakView, GeoPoint, TimeclockSettings, TimesheetTotals } from './timeclock';
import { DB_EVENT_SCHEMA_VERSIONS, type DbEventPayloads } from './db-events';
import { SAFETY_EVENT_SCHEMA_VERSIONS, type SafetyEventPayloads } from './safety-events';

/** What a user looks like inside events: never a password hash or a token. */
export interface UserSnapshot {
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  phone: string | null;
  department: string | null;
  notes: string | null;
}

/** One typed map from event type to payload: publishers and handlers are checked against it. */
export interface EventPayloads extends SafetyEventPayloads, DbEventPayloads {
  'auth.user.created': UserSnapshot;
  'auth.user.updated': Partial<Omit<UserSnapshot, 'role' | 'isActive' | 'email'>>;
  'auth.user.role_changed': { from: Role; to: Role };
  'auth.user.deactivated': { reason?: string };
  'auth.user.reactivated': Record<string, never>;
  'auth.user.password_changed': Record<string, never>;
  'auth.session.login_succeeded': { userId: string; email: string; familyId: string };
  'auth.session.login_failed': { email: string; userId: string | null; reason: LoginFailureReason };
  'auth.session.refresh_reused': { userId: string; familyId: string };
  'inventory.item.created': ItemSnapshot;
  'inventory.item.updated': Partial<Pick<ItemSnapshot, 'name' | 'description' | 'minQty'>>;
  'inventory.item.deleted': Record<string, never>;
  'inventory.item.assigned': { from: string | null; to: string | null };
  'inventory.stock.received': StockMovementData;
  'inventory.stock.issued': StockMovementData;
  'inventory.stock.adjusted': StockMovementData;
  'inventory.stock.transferred_out': StockMovementData & { toLocation: string; toItemId: string };
  'inventory.stock.transferred_in': StockMovementData & { fromLocation: string; fromItemId: string };
  'inventory.item.low_stock': { qty: number; minQty: number };
  'inventory.item.restocked': { qty: number; minQty: number };
  'timeclock.shift.started': PunchTime & { userId: string; location: string | null; job: string | null; note: string | null; geo: GeoPoint | null };
  'timeclock.shift.ended': PunchTime & { userId: string; note: string | null; geo: GeoPoint | null };
  'timeclock.break.started': PunchTime & { breakId: string; paid: boolean };
  'timeclock.break.ended': PunchTime & { breakId: string };
  'timeclock.shift.corrected': ShiftTimes & { reason: string; requestId?: string };
  'timeclock.shift.flagged': { reason: string };
  'timeclock.shift.note_added': { noteId: string; text: string };
  'timeclock.shift.correction_requested': ShiftTimes & { requestId: string; reason: string };
  'timeclock.shift.correction_declined': { requestId: string; reason: string };
  'timeclock.timesheet.submitted': { userId: string; week: string; exact: TimesheetTotals; rounded: TimesheetTotals };
  'timeclock.timesheet.approved': { userId: string; week: string; exact: TimesheetTotals; rounded: TimesheetTotals };
  'timeclock.timesheet.rejected': { userId: string; week: string; reason: string };
  'timeclock.timesheet.reopened': { userId: string; week: string; reason: string };
  'timeclock.settings.changed': TimeclockSettings;
}

/** The times of a shift a correction sets (or a request asks for): only the fields that change. */
export interface ShiftTimes {
  startedAt?: string;
  endedAt?: string | null;
  breaks?: BreakView[];
}

/**
 * When a punch happened: `at` is the effective time (the device's when it sent one and it was
 * accepted, else the server's), `deviceTime` and `receivedAt` are both kept as evidence.
 * `reason` is set when someone else punched for the user (a manager, or the system).
 */
export interface PunchTime {
  at: string;
  deviceTime: string | null;
  receivedAt: string;
  punchId: string | null;
  reason: string | null;
}

/** Item fields as carried by `inventory.item.created`. */
export interface ItemSnapshot {
  sku: string;
  name: string;
  description: string | null;
  location: string;
  qty: number;
  minQty: number;
  userId: string | null;
}

/** What every stock movement event carries. */
export interface StockMovementData {
  quantity: number;
  qtyBefore: number;
  qtyAfter: number;
  reason: string | null;
}

export type LoginFailureReason = 'unknown_email' | 'wrong_password' | 'locked' | 'inactive';

export type EventType = keyof EventPayloads;

/** Current schema version of each event type; bump when a payload changes shape. */
export const EVENT_SCHEMA_VERSIONS: { [K in EventType]: number } = {
  'auth.user.created': 1,
  'auth.user.updated': 1,
  'auth.user.role_changed': 1,
  'auth.user.deactivated': 1,
  'auth.user.reactivated': 1,
  'auth.user.password_changed': 1,
  'auth.session.login_succeeded': 1,
  'auth.session.login_failed': 1,
  'auth.session.refresh_reused': 1,
  'inventory.item.created': 1,
  'inventory.item.updated': 1,
  'inventory.item.deleted': 1,
  'inventory.item.assigned': 1,
  'inventory.stock.received': 1,
  'inventory.stock.issued': 1,
  'inventory.stock.adjusted': 1,
  'inventory.stock.transferred_out': 1,
  'inventory.stock.transferred_in': 1,
  'inventory.item.low_stock': 1,
  'inventory.item.restocked': 1,
  'timeclock.shift.started': 1,
  'timeclock.shift.ended': 1,
  'timeclock.break.started': 1,
  'timeclock.break.ended': 1,
  'timeclock.shift.corrected': 1,
  'timeclock.shift.flagged': 1,
  'timeclock.shift.note_added': 1,
  'timeclock.shift.correction_requested': 1,
  'timeclock.shift.correction_declined': 1,
  'timeclock.timesheet.submitted': 1,
  'timeclock.timesheet.approved': 1,
  'timeclock.timesheet.rejected': 1,
  'timeclock.timesheet.reopened': 1,
  'timeclock.settings.changed': 1,
  ...SAFETY_EVENT_SCHEMA_VERSIONS,
  ...DB_EVENT_SCHEMA_VERSIONS,
};
