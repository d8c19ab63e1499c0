import type {
  AuditExportPage,
  AuditExportPageRequest,
  AuditExportPrepared,
  AuditExportQuery,
  AuditItem,
  AuditPublicKeyView,
  AuditPurgeRequest,
  AuditPurgeView,
  AuditQuery,
  AuditVerificationView,
  AuditVerifyQuery,
  LegalHoldLiftRequest,
  LegalHoldRequest,
  LegalHoldView,
} from './audit';
import type { ErrorBody } from './errors';
import type {
  CreateItemInput,
  ItemView,
  ListItemsQuery,
  LowStockRow,
  MovementInput,
  MovementView,
  StockByLocationRow,
  UpdateItemInput,
} from './inventory';
import type { PageQuery } from './pagination';
import type {
  TimeclockMe,
  BreakStartInput,
  ClockInInput,
  CorrectShiftInput,
  ListShiftsQuery,
  OnTheClockRow,
  PunchInput,
  SettingsView,
  ShiftDetail,
  ShiftView,
  TimeclockSettings,
  TimesheetView,
  PayrollRow,
  HoursReportQuery,
  HoursReportRow,
  AddNoteInput,
  ShiftNoteView,
  CorrectionRequestInput,
  CorrectionRequestView,
  ListCorrectionRequestsQuery,
} from './timeclock';
import type { SafetyRpcPatterns } from './safety';
import type { CreateUserInput, ListUsersQuery, Page, TokenPair, UpdateUserInput, UserView } from './users';

/** Readiness of one service as its health pattern reports it. */
export interface ServiceHealth {
  service: string;
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
  /** Out-of-band changes to its projections since the last clean rebuild check (absent for a service without them). */
  drift?: { outOfBandChanges: number };
}

/** Request/reply patterns: pattern → request and reply types. Subjects: `<prefix>.rpc.<pattern>`. */
export interface RpcPatterns extends HealthPatterns, DeadLetterPatterns, SafetyRpcPatterns {
  'auth.login': { request: { email: string; password: string }; reply: TokenPair };
  'auth.refresh': { request: { refreshToken: string }; reply: TokenPair };
  'auth.logout': { request: { refreshToken: string }; reply: { ok: true } };
  'auth.jwks': { request: Record<string, never>; reply: { keys: JsonWebKeyLike[] } };
  'auth.keys.list': { request: Record<string, never>; reply: { items: SigningKeyView[] } };
  'auth.keys.rotate': { request: { retirePrevious?: boolean }; reply: { kid: string; retired: string[] } };
  'auth.users.create': { request: CreateUserInput; reply: UserView };
  'auth.users.get': { request: { id: string }; reply: UserView };
  'auth.users.list': { request: ListUsersQuery; reply: Page<UserView> };
  'auth.users.update': { request: { id: string; expectedVersion?: number; patch: UpdateUserInput }; reply: UserView };
  'auth.users.deactivate': { request: { id: string; expectedVersion?: number }; reply: UserView };
  'auth.users.reactivate': { request: { id: string; expectedVersion?: number }; reply: UserView };
  'auth.users.change_password': { request: { currentPassword: string; newPassword: string }; reply: { ok: true } };
  'inventory.items.create': { request: CreateItemInput; reply: ItemView };
  'inventory.items.get': { request: { id: string; asOf?: string }; reply: ItemView };
  'inventory.items.list': { request: ListItemsQuery; reply: Page<ItemView> };
  'inventory.items.update': { request: { id: string; expectedVersion?: number; patch: UpdateItemInput }; reply: ItemView };
  'inventory.items.delete': { request: { id: string; expectedVersion?: number }; reply: { ok: true } };
  'inventory.items.move': {
    request: { id: string; expectedVersion?: number; movement: MovementInput };
    reply: { movement: MovementView; item: ItemView };
  };
  'inventory.items.movements': { request: { id: string } & PageQuery; reply: Page<MovementView> };
  'inventory.users.items': { request: { userId: string } & PageQuery; reply: Page<ItemView> };
  'inventory.reports.low_stock': { request: PageQuery; reply: Page<LowStockRow> };
  'inventory.reports.stock_by_location': { request: PageQuery; reply: Page<StockByLocationRow> };
  'timeclock.clock_in': { request: ClockInInput; reply: ShiftView };
  'timeclock.clock_out': { request: PunchInput; reply: ShiftView };
  'timeclock.breaks.start': { request: BreakStartInput; reply: ShiftView };
  'timeclock.breaks.end': { request: PunchInput; reply: ShiftView };
  'timeclock.shifts.get': { request: { id: string }; reply: ShiftDetail };
  'timeclock.shifts.list': { request: ListShiftsQuery; reply: Page<ShiftView> };
  'timeclock.shifts.correct': { request: { id: string; expectedVersion?: number; correction: CorrectShiftInput }; reply: ShiftView };
  'timeclock.shifts.add_note': { request: { id: string; note: AddNoteInput }; reply: ShiftNoteView };
  'timeclock.shifts.request_correction': { request: { id: string; request: CorrectionRequestInput }; reply: CorrectionRequestView };
  'timeclock.correction_requests.list': { request: ListCorrectionRequestsQuery; reply: Page<CorrectionRequestView> };
  'timeclock.correction_requests.decline': { request: { id: string; reason: string }; reply: CorrectionRequestView };
  'timeclock.on_the_clock': { request: Record<string, never>; reply: { items: OnTheClockRow[] } };
  'timeclock.settings.get': { request: Record<string, never>; reply: SettingsView };
  'timeclock.settings.update': { request: { expectedVersion?: number; settings: TimeclockSettings }; reply: SettingsView };
  'timeclock.timesheets.get': { request: { userId: string; week: string; asOf?: string }; reply: TimesheetView };
  'timeclock.timesheets.submit': { request: { userId: string; week: string }; reply: TimesheetView };
  'timeclock.timesheets.approve': { request: { userId: string; week: string }; reply: TimesheetView };
  'timeclock.timesheets.reject': { request: { userId: string; week: string; reason: string }; reply: TimesheetView };
  'timeclock.timesheets.reopen': { request: { userId: string; week: string; reason: string }; reply: TimesheetView };
  'timeclock.reports.hours': { request: HoursReportQuery; reply: { items: HoursReportRow[] } };
  'timeclock.me': { request: Record<string, never>; reply: TimeclockMe };
  'timeclock.exports.payroll': { request: { week: string }; reply: { week: string; items: PayrollRow[] } };
  'audit.events.query': { request: AuditQuery; reply: Page<AuditItem> };
  'audit.keys': { request: Record<string, never>; reply: { keys: AuditPublicKeyView[] } };
  'audit.verify': { request: AuditVerifyQuery; reply: AuditVerificationView };
  'audit.export.prepare': { request: AuditExportQuery; reply: AuditExportPrepared };
  'audit.export.page': { request: AuditExportPageRequest; reply: AuditExportPage };
  'audit.holds.set': { request: LegalHoldRequest; reply: LegalHoldView };
  'audit.holds.lift': { request: LegalHoldLiftRequest; reply: LegalHoldView };
  'audit.holds.list': { request: Record<string, never>; reply: { items: LegalHoldView[] } };
  'audit.purge': { request: AuditPurgeRequest; reply: AuditPurgeView };
}

/** `<service>.health` of every service (served by the service host). */
export type HealthPatterns = { [S in (typeof RPC_SERVICES)[number] as `${S}.health`]: { request: Record<string, never>; reply: ServiceHealth } };

/** A backend service that answers the per-service patterns (health, dead letters). */
export type BackendService = (typeof RPC_SERVICES)[number];

/** Patterns every backend service answers under its own name: `<service>.<pattern>`. */
export type PerServicePattern = 'health' | 'dead_letters.list' | 'dead_letters.retry';

export function isBackendService(value: string): value is BackendService {
  return (RPC_SERVICES as readonly string[]).includes(value);
}

/** An event a consumer gave up on, as operators see it. */
export interface DeadLetterView {
  id: string;
  consumer: string;
  eventId: string | null;
  subject: string;
  payload: string;
  error: string;
  attempts: number;
  createdAt: string;
  retriedAt: string | null;
  resolvedAt: string | null;
}

/** `<service>.dead_letters.list` and `.retry` of every backend service (served by the service host). */
export type DeadLetterPatterns = {
  [S in BackendService as `${S}.dead_letters.list`]: {
    request: { consumer?: string; includeResolved?: boolean } & PageQuery;
    reply: Page<DeadLetterView>;
  };
} & {
  [S in BackendService as `${S}.dead_letters.retry`]: { request: { id: string }; reply: { resolved: boolean; deadLetter: DeadLetterView } };
};

export type RpcPattern = keyof RpcPatterns;
export type RpcRequest<P extends RpcPattern> = RpcPatterns[P]['request'];
export type RpcReplyData<P extends RpcPattern> = RpcPatterns[P]['reply'];

/**
 * What travels with a call besides identity: correlation and where the request came from.
 * Never an actor: the receiver derives who is calling from the token or the subject.
 */
export interface RpcCallContext {
  correlationId: string;
  requestId?: string;
  ip?: string;
  userAgent?: string;
  /** The client's `Idempotency-Key` of a command (1–255 characters). */
  idempotencyKey?: string;
  /** Epoch ms after which the caller no longer waits (set by `RpcClient` from its timeout). */
  deadline?: number;
}

/**
 * What travels on the wire: the payload, the caller's access token (absent for anonymous
 * calls and for service principals, whose identity is their subject) and the call context.
 */
export interface RpcMessage<P extends RpcPattern> {
  auth?: { token: string };
  context?: RpcCallContext;
  payload: RpcRequest<P>;
}

/** `replayed`: the answer stored for the request's Idempotency-Key, not a new execution. */
export type RpcReply<P extends RpcPattern> = ({ ok: true; data: RpcReplyData<P> } | { ok: false; error: ErrorBody }) & { replayed?: true };

/** A public JSON Web Key as published by auth (no private members). */
export interface JsonWebKeyLike {
  kty: string;
  kid?: string;
  crv?: string;
  x?: string;
  alg?: string;
  use?: string;
}

/** A token-signing key as operators see it: never its private half. */
export interface SigningKeyView {
  kid: string;
  createdAt: string;
  /** Set once every token it signed has expired; its public key stays listed as history. */
  retiredAt: string | null;
  /** The key that signs new tokens now. */
  current: boolean;
  publicJwk: JsonWebKeyLike;
}

/** Services the gateway's readiness asks. */
export const RPC_SERVICES = ['auth', 'inventory', 'audit', 'timeclock', 'safety'] as const;
