export { ROLES, ADMIN_ROLES, MANAGER_ROLES, EMPLOYEE_ROLES, AUDIT_READER_ROLES, PRIVILEGED_ROLES, isRole } from './roles';
export type { Role } from './roles';
export { serviceOfEventType } from './envelope';
export type { Actor, Changes, RequestContext, EventEnvelope } from './envelope';
export { eventEnvelopeSchema, EVENT_STREAM_TYPES, eventOriginProblem } from './envelope.schema';
export { EVENT_SCHEMA_VERSIONS } from './events';
export { OUT_OF_BAND_SERVICES, DB_STREAM_TYPE, outOfBandEventType } from './db-events';
export type { OutOfBandChange, OutOfBandEventType } from './db-events';
export type { EventPayloads, EventType, PunchTime, ShiftTimes, UserSnapshot, LoginFailureReason, ItemSnapshot, StockMovementData } from './events';
export { MOVEMENT_KINDS } from './inventory';
export type {
  ItemView,
  MovementKind,
  MovementView,
  CreateItemInput,
  UpdateItemInput,
  MovementInput,
  ListItemsQuery,
  LowStockRow,
  StockByLocationRow,
} from './inventory';
export { createItemSchema, updateItemSchema, movementSchema, listItemsQuerySchema, asOfSchema } from './inventory.schemas';
export {
  DEFAULT_SUBJECT_PREFIX,
  eventSubject,
  eventSubjectFilter,
  eventTypeOfSubject,
  eventStreamName,
  auditCheckpointStreamName,
  auditCheckpointSubject,
  rateLimitBucket,
  rpcSubject,
  principalSubject,
  isValidSubjectPrefix,
} from './subjects';
export { ERROR_STATUS, isErrorCode } from './errors';
export type { ErrorCode, ErrorBody, FieldError } from './errors';
export type {
  UserView,
  CreateUserInput,
  UpdateUserInput,
  ListUsersQuery,
  Page,
  TokenPair,
  AccessClaims,
} from './users';
export type { AuditItem, AuditChainLink, AuditQuery, AuditPublicKeyView, AuditFindingView, AuditVerificationView, AuditVerifyQuery, AuditExportQuery, AuditExportPlan, AuditExportPrepared, AuditExportPageRequest, AuditExportPage, AuditPurgeRequest, AuditPurgeView, LegalHoldLiftRequest, LegalHoldRequest, LegalHoldScope, LegalHoldView } from './audit';
export { RPC_SERVICES, isBackendService } from './rpc';
export type {
  RpcPatterns,
  RpcPattern,
  RpcRequest,
  RpcReplyData,
  RpcMessage,
  RpcCallContext,
  RpcReply,
  ServiceHealth,
  BackendService,
  PerServicePattern,
  DeadLetterView,
  JsonWebKeyLike,
  SigningKeyView,
} from './rpc';
export {
  roleSchema,
  createUserSchema,
  updateUserSchema,
  listUsersQuerySchema,
  loginSchema,
  changePasswordSchema,
  refreshSchema,
  uuidSchema,
  rotateKeysSchema,
} from './user.schemas';
export { auditQuerySchema, auditVerifyQuerySchema, auditExportQuerySchema, auditExportPageSchema, auditPurgeRequestSchema, legalHoldLiftSchema, legalHoldRequestSchema } from './audit.schemas';
export { PRINCIPAL_CALLS, EVENT_CONSUMERS, EVENT_REPLAYS, GATEWAY_EVENT_FEED, isPrincipal, principalMayCall, principalsAllowed } from './principals';
export type { Principal } from './principals';
export { MIN_PASSWORD_LENGTH, isCommonPassword, newPasswordSchema } from './password-policy';
export { isSafeText, safeText, optionalSafeText } from './safe-text';
export { PG_INT_MAX, PG_BIGINT_MAX, pgDateTimeSchema, isStorableInstant, isPgBigint } from './pg-limits';
export {
  MAX_PAGE_ROWS,
  MAX_PAGE_BYTES,
  cursorSchema,
  limitSchema,
  pageQuerySchema,
  pageFieldsSchema,
  expectedVersionSchema,
  encodeCursor,
  decodeCursor,
} from './pagination';
export type { PageQuery } from './pagination';
export type {
  GeoPoint,
  BreakView,
  ShiftView,
  PunchInput,
  ClockInInput,
  BreakStartInput,
  CorrectShiftInput,
  ShiftHistoryEntry,
  ShiftDetail,
  ListShiftsQuery,
  OnTheClockRow,
  TimeclockSettings,
  SettingsView,
  TimesheetStatus,
  TimesheetTotals,
  TimesheetView,
  TimeclockMe,
  PayrollRow,
  HoursReportRow,
  HoursReportQuery,
  CorrectionRequestInput,
  AddNoteInput,
  ShiftNoteView,
  CorrectionRequestStatus,
  CorrectionRequestView,
  ListCorrectionRequestsQuery,
} from './timeclock';
export { PUNCH_ROLES, PAYROLL_COLUMNS } from './timeclock';
export {
  punchSchema,
  clockInSchema,
  breakStartSchema,
  correctShiftSchema,
  listShiftsQuerySchema,
  timeZoneSchema,
  settingsSchema,
  weekSchema,
  decisionReasonSchema,
  hoursReportQuerySchema,
  correctionRequestSchema,
  addNoteSchema,
  listCorrectionRequestsQuerySchema,
} from './timeclock.schemas';
export { TEMPLATE_ITEM_KINDS, ACTION_PRIORITIES, ACTION_STATUSES, EVIDENCE_TYPES, EVIDENCE_PART_BYTES, DEFAULT_EVIDENCE_MAX_BYTES } from './safety';
export type {
  TemplateItemKind,
  ActionPriority,
  ActionStatus,
  InspectionResult,
  InspectionStatus,
  TemplateItem,
  TemplateSection,
  TemplateContent,
  TemplateVersionView,
  TemplateView,
  AnswerValue,
  AnswerView,
  SignatureView,
  AmendmentView,
  InspectionView,
  ActionView,
  StartInspectionInput,
  AnswerInput,
  AmendInput,
  CreateActionInput,
  UpdateActionInput,
  ListTemplatesQuery,
  ListInspectionsQuery,
  ListActionsQuery,
  SafetyRpcPatterns,
  EvidenceUpload,
  SummaryQuery,
  SummaryReport,
} from './safety';
export type { SafetyEventPayloads } from './safety-events';
export { OCCURRENCE_STATUSES } from './safety-schedules';
export type {
  ScheduleFields,
  ScheduleView,
  CreateScheduleInput,
  UpdateScheduleInput,
  ListSchedulesQuery,
  OccurrenceStatus,
  OccurrenceView,
  DueQuery,
  DueListing,
} from './safety-schedules';
export { createScheduleSchema, updateScheduleSchema, listSchedulesQuerySchema, dueQuerySchema, MAX_DUE_WINDOW_DAYS } from './safety-schedules.schemas';
export {
  templateContentSchema,
  listTemplatesQuerySchema,
  startInspectionSchema,
  answerSchema,
  itemKeySchema,
  amendSchema,
  listInspectionsQuerySchema,
  createActionSchema,
  updateActionSchema,
  resolveActionSchema,
  cancelActionSchema,
  listActionsQuerySchema,
  evidenceUploadSchema,
  summaryQuerySchema,
  evidencePartSchema,
  sha256Schema,
} from './safety.schemas';
