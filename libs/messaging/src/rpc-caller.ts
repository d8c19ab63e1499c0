import { principalMayCall, type AccessClaims, type RequestContext, type RpcCallContext } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

/** Verifies an access token against auth's public keys (`@uehub/identity`'s TokenVerifier). */
export interface AccessTokenCheck {
  verify(token: string): Promise<AccessClaims>;
}

/** How a call arrived: on `<prefix>.rpc.<pattern>` (a user's or an anonymous call) or on a principal's own subject. */
export type CallRoute = { kind: 'rpc' } | { kind: 'principal'; principal: string };

const MAX_TEXT = 300;

/**
 * Who is calling, derived by the receiver: a service principal from the subject it was
 * allowed to publish on (NATS permissions), a user from a verified access token, else
 * anonymous. Whatever actor the message itself names is ignored.
 */
export async function identifyCaller(message: unknown, route: CallRoute, pattern: string, tokens: AccessTokenCheck): Promise<RequestContext> {
  const record = isRecord(message) ? message : {};
  const call = callContextOf(record.context);
  if (route.kind === 'principal') {
    // the subscription exists only for listed patterns; checked again in case it ever does not
    if (!principalMayCall(route.principal, pattern)) throw new AppError('FORBIDDEN', `The service ${route.principal} may not call ${pattern}`);
    return { ...call, actor: { kind: 'system', id: route.principal } };
  }
  const auth = record.auth;
  if (auth === undefined || auth === null) return { ...call, actor: { kind: 'anonymous', id: 'anonymous' } };
  const token = isRecord(auth) ? auth.token : undefined;
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
    throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
  }
  const claims = await tokens.verify(token);
  return { ...call, actor: { kind: 'user', id: claims.sub, role: claims.role, name: claims.name } };
}

/** The non-identity context of a call, keeping only short strings. */
export function callContextOf(value: unknown): RpcCallContext {
  const record = isRecord(value) ? value : {};
  const text = (key: string) => {
    const field = record[key];
    return typeof field === 'string' && field.length > 0 ? field.slice(0, MAX_TEXT) : undefined;
  };
  const context: RpcCallContext = { correlationId: text('correlationId')?.slice(0, 128) ?? 'none' };
  const requestId = text('requestId');
  const ip = text('ip');
  const userAgent = text('userAgent');
  if (requestId) context.requestId = requestId.slice(0, 128);
  if (ip) context.ip = ip.slice(0, 64);
  if (userAgent) context.userAgent = userAgent;
  const key = record.idempotencyKey;
  if (typeof key === 'string' && key.length > 0) context.idempotencyKey = key; // the command handler checks its length
  if (typeof record.deadline === 'number' && Number.isFinite(record.deadline)) context.deadline = record.deadline;
  return context;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
