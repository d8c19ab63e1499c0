/** SQLSTATE class 22, "data exception": a NUL byte (22021), a number or date out of range (22003, 22008), bad text for a type (22P02). */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** True when PostgreSQL refused a value (the request's fault), as opposed to being unreachable or broken. */
export function isDataError(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && DATA_EXCEPTION.test(e.code)) return true;
  return e.cause !== undefined && e.cause !== error && isDataError(e.cause);
}
