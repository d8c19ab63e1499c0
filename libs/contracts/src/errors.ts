/** Stable error codes that clients may branch on, with their HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  ACCOUNT_LOCKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONCURRENT_MODIFICATION: 409,
  SHIFT_ALREADY_OPEN: 409,
  NO_OPEN_SHIFT: 409,
  BREAK_ALREADY_OPEN: 409,
  NO_OPEN_BREAK: 409,
  SHIFT_OVERLAP: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  VERSION_MISMATCH: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATED: 422,
  INSUFFICIENT_STOCK: 422,
  UNKNOWN_USER: 422,
  USER_INACTIVE: 422,
  INCOMPLETE: 422,
  SEALED: 409,
  RESULT_TOO_LARGE: 422,
  PUNCH_TIME_OUT_OF_RANGE: 422,
  PERIOD_LOCKED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_RECURRENCE: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  SERVICE_TIMEOUT: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One invalid field of a request. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error as it crosses a service boundary (RPC replies) and reaches clients. */
export interface ErrorBody {
  code: ErrorCode;
  status: number;
  title: string;
  detail: string;
  errors?: FieldError[];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_STATUS;
}
