import type { OpenAPIObject } from '@nestjs/swagger';
import {
  auditQuerySchema,
  changePasswordSchema,
  createUserSchema,
  listUsersQuerySchema,
  loginSchema,
  refreshSchema,
  updateUserSchema,
  RPC_SERVICES,
} from '@uehub/contracts';
import { deadLetterQuerySchema } from '../routes/ops.controller';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, WRITE_ERRORS, type Paths } from './openapi-helpers';
import { withGatewayAnswers } from './openapi-gateway-answers';
import { withIdempotencyKey } from './openapi-idempotency';
import { inventoryPaths } from './openapi-inventory-paths';
import { safetyPaths, safetyResponseSchemas } from './openapi-safety-paths';
import { safetySchedulePaths, safetyScheduleSchemas } from './openapi-safety-schedule-paths';
import { signingKeyPaths } from './openapi-keys-paths';
import { timeclockPaths } from './openapi-timeclock';
import { auditRetentionPaths, auditVerifyPaths } from './openapi-audit-paths';
import { pageOf, responseSchemas } from './openapi-schemas';

const userResponse = { description: 'The user, with ETag = version', content: json(ref('User')) };
const tokens = { description: 'Tokens', content: json(ref('TokenPair')) };

/** The OpenAPI 3.1 document of the gateway's HTTP API, served at /api/docs and /api/docs-json. */
export function buildOpenApiDocument(): OpenAPIObject {
  const paths: Paths = {
    '/api/v1/auth/login': { post: op('Log in', 'anyone (rate limited)', { 200: tokens, 401: problem('UNAUTHENTICATED / ACCOUNT_LOCKED'), 429: problem('RATE_LIMITED') }, { requestBody: body(loginSchema), security: [] }) },
    '/api/v1/auth/refresh': { post: op('Rotate a refresh token', 'anyone (rate limited)', { 200: tokens, 401: problem('UNAUTHENTICATED'), 429: problem('RATE_LIMITED') }, { requestBody: body(refreshSchema), security: [] }) },
    '/api/v1/auth/logout': { post: op('End a session (the refresh token family)', 'anyone', { 204: { description: 'Logged out' } }, { requestBody: body(refreshSchema), security: [] }) },
    '/api/v1/me': { get: op('The caller', 'any signed-in user', { 200: userResponse, 401: ERRORS[401] }) },
    '/api/v1/me/password': {
      post: op('Change your password (ends all your sessions)', 'any signed-in user', { 204: { description: 'Changed' }, 400: problem('VALIDATION_FAILED (e.g. the new password is shorter than 12 characters or a common one)'), 401: ERRORS[401], 422: problem('RULE_VIOLATED: the current password is wrong') }, { requestBody: body(changePasswordSchema) }),
    },
    '/api/v1/users': {
      post: op('Create a user', 'admin, superadmin (only a superadmin creates admins)', { 201: userResponse, ...WRITE_ERRORS }, { requestBody: body(createUserSchema) }),
      get: op('List users', 'manager and up', { 200: { description: 'A page', content: json(pageOf('#/components/schemas/User')) }, ...ERRORS }, { parameters: queryParams(listUsersQuerySchema) }),
    },
    '/api/v1/users/{id}': {
      get: op('Read a user', 'manager and up, or the user themself', { 200: userResponse, ...ERRORS }, { parameters: [idParam] }),
      patch: op('Change a user', 'admin and up', { 200: userResponse, ...WRITE_ERRORS }, { parameters: [idParam, ifMatch], requestBody: body(updateUserSchema) }),
    },
    '/api/v1/users/{id}/deactivate': { post: op('Deactivate a user', 'admin and up', { 200: userResponse, ...WRITE_ERRORS }, { parameters: [idParam, ifMatch] }) },
    '/api/v1/users/{id}/reactivate': { post: op('Reactivate a user', 'admin and up', { 200: userResponse, ...WRITE_ERRORS }, { parameters: [idParam, ifMatch] }) },
    ...inventoryPaths(),
    ...timeclockPaths(),
    ...safetyPaths(),
    ...safetySchedulePaths(),
    '/api/v1/audit/events': {
      get: op('Query the audit log (newest first)', 'auditor, admin, superadmin', { 200: { description: 'A page', content: json(pageOf('#/components/schemas/AuditItem')) }, ...ERRORS }, { parameters: queryParams(auditQuerySchema) }),
    },
    '/api/v1/ops/dead-letters': {
      get: op('Events a service gave up on (unresolved unless includeResolved)', 'admin, superadmin', { 200: { description: 'A page of dead letters', content: json(pageOf('#/components/schemas/DeadLetter')) }, ...ERRORS }, { parameters: queryParams(deadLetterQuerySchema) }),
    },
    '/api/v1/ops/dead-letters/{service}/{id}/retry': {
      post: op('Apply a dead letter again (no second effect if it was applied)', 'admin, superadmin', { 200: { description: '`resolved` says whether it applied now', content: json({ type: 'object', required: ['resolved', 'deadLetter'], properties: { resolved: { type: 'boolean' }, deadLetter: ref('DeadLetter') } }) }, ...ERRORS, 422: problem('RULE_VIOLATED: no such consumer runs') }, { parameters: [{ name: 'service', in: 'path', required: true, schema: { type: 'string', enum: [...RPC_SERVICES] } }, idParam] }),
    },
    ...signingKeyPaths(),
    ...auditVerifyPaths(),
    ...auditRetentionPaths(),
    '/health/live': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'The process answers', content: json({ type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }) } } } },
    '/health/ready': { get: { summary: 'Readiness of every service', security: [], responses: { 200: { description: 'Ready', content: json(ref('Readiness')) }, 503: { description: 'Not ready', content: json(ref('Readiness')) } } } },
    '/metrics': { get: { summary: 'Prometheus metrics of the gateway process', security: [], responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'UE Hub API', version: '1.0.0', description: 'Operations backend: users, stock, safety, time, audit. Errors are application/problem+json with a stable code.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: withGatewayAnswers(withIdempotencyKey(paths)),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...responseSchemas, ...safetyResponseSchemas, ...safetyScheduleSchemas },
    },
  } as OpenAPIObject;
}
