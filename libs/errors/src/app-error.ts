import { ERROR_STATUS, type Actor, type ErrorBody, type ErrorCode, type FieldError, type RequestContext, type Role } from '@uehub/contracts';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  MALFORMED_REQUEST: 'The HTTP request is malformed',
  UNAUTHENTICATED: 'Authentication is required',
  ACCOUNT_LOCKED: 'The account is locked',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  ALREADY_EXISTS: 'Already exists',
  CONCURRENT_MODIFICATION: 'Changed concurrently',
  SHIFT_ALREADY_OPEN: 'A shift is open already',
  NO_OPEN_SHIFT: 'No shift is open',
  BREAK_ALREADY_OPEN: 'A break is open already',
  NO_OPEN_BREAK: 'No break is open',
  SHIFT_OVERLAP: 'The shift would overlap another shift',
  IDEMPOTENCY_KEY_IN_USE: 'A request with this Idempotency-Key is still running',
  VERSION_MISMATCH: 'The version does not match',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'The body encoding or charset is not supported',
  RULE_VIOLATED: 'A business rule forbids this',
  INSUFFICIENT_STOCK: 'Not enough stock',
  UNKNOWN_USER: 'No such user',
  USER_INACTIVE: 'The user is deactivated',
  INCOMPLETE: 'Required items are not answered',
  SEALED: 'The inspection is completed; amend it instead',
  RESULT_TOO_LARGE: 'The answer is too large; ask for a smaller page',
  PUNCH_TIME_OUT_OF_RANGE: 'The punch time is outside the accepted window',
  PERIOD_LOCKED: 'The period is approved and locked',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used for another request',
  INVALID_RECURRENCE: 'The recurrence rule is not one this service accepts',
  RATE_LIMITED: 'Too many requests',
  HEADERS_TOO_LARGE: 'The request headers are too large',
  INTERNAL: 'Internal error',
  SERVICE_UNAVAILABLE: 'A service is unavailable',
  SERVICE_TIMEOUT: 'A service did not answer in time',
};

/** An expected failure with a stable code; anything else is reported as INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, status: this.status, title: TITLES[this.code], detail: this.message };
    if (this.errors?.length) body.errors = this.errors;
    return body;
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.detail, body.errors);
  }
}

/** What a handler accepts besides signed-in users. */
export interface CallerOptions {
  /**
   * Service principals (`inventory`, `audit`, ...) this handler serves, by name; none by
   * default. A handler that serves a principal says so here, never by a blanket bypass.
   */
  principals?: readonly string[];
}

/**
 * The context of a signed-in user (its actor comes from a verified access token). Anonymous
 * or missing contexts are UNAUTHENTICATED; a service principal is FORBIDDEN unless named.
 */
export function requireCaller(context: RequestContext | undefined, options: CallerOptions = {}): RequestContext {
  if (!context || context.actor.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'A signed-in caller is required');
  if (context.actor.kind === 'system' && !options.principals?.includes(context.actor.id)) {
    throw new AppError('FORBIDDEN', `The service ${context.actor.id} may not call this`);
  }
  return context;
}

/** Refuses (FORBIDDEN) an actor that is not a user with one of the roles; a service principal has no role. */
export function assertActorRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (actor.kind !== 'user' || !roles.includes(actor.role)) throw new AppError('FORBIDDEN', `Only ${roles.join(', ')} may ${what}`);
}

/** The body for any thrown value; unknown errors never leak their message. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  return new AppError('INTERNAL', 'An unexpected error occurred').toBody();
}
