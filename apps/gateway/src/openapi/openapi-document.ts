import type { OpenAPIObject } from '@nestjs/swagger';
import {
  auditQuerySchema,
  changePasswordSchema,
  createUserSchema,
  listUsersQuerySchema,
  loginSchema,
  refreshSchema,
  updateUserSchema,
} from '@uehub/contracts';
import { z } from 'zod';
import { pageOf, responseSchemas } from './openapi-schemas';

type Operation = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const ERRORS = {
  400: problem('VALIDATION_FAILED'),
  401: problem('UNAUTHENTICATED'),
  403: problem('FORBIDDEN'),
  404: problem('NOT_FOUND'),
};
const WRITE_ERRORS = { ...ERRORS, 409: problem('ALREADY_EXISTS / CONCURRENT_MODIFICATION'), 412: problem('VERSION_MISMATCH'), 422: problem('RULE_VIOLATED') };

function body(schema: z.ZodType): Operation {
  return { required: true, content: json(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) };
}

/** Query parameters from a zod object schema. */
function queryParams(schema: z.ZodObject): Operation[] {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
  return Object.entries(jsonSchema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETag from a read; 412 when stale' };
const requestId = { name: 'x-request-id', in: 'header', required: false, schema: { type: 'string' }, description: 'Correlation id; made when absent' };

function op(summary: string, roles: string, responses: Operation, extra: Operation = {}): Operation {
  return { summary, description: `Roles: ${roles}.`, parameters: [requestId, ...((extra.parameters as Operation[]) ?? [])], ...extra, responses };
}

const userResponse = { description: 'The user, with ETag = version', content: json(ref('User')) };
const tokens = { description: 'Tokens', content: json(ref('TokenPair')) };

/** The OpenAPI 3.1 document of the gateway's HTTP API, served at /api/docs and /api/docs-json. */
export function buildOpenApiDocument(): OpenAPIObject {
  const paths: Record<string, Record<string, Operation>> = {
    '/api/v1/auth/login': { post: op('Log in', 'anyone (rate limited)', { 200: tokens, 401: problem('UNAUTHENTICATED / ACCOUNT_LOCKED'), 429: problem('RATE_LIMITED') }, { requestBody: body(loginSchema), security: [] }) },
    '/api/v1/auth/refresh': { post: op('Rotate a refresh token', 'anyone', { 200: tokens, 401: problem('UNAUTHENTICATED') }, { requestBody: body(refreshSchema), security: [] }) },
    '/api/v1/auth/logout': { post: op('End a session (the refresh token family)', 'anyone', { 204: { description: 'Logged out' } }, { requestBody: body(refreshSchema), security: [] }) },
    '/api/v1/me': { get: op('The caller', 'any signed-in user', { 200: userResponse, 401: ERRORS[401] }) },
    '/api/v1/me/password': {
      post: op('Change your password (ends all your sessions)', 'any signed-in user', { 204: { description: 'Changed' }, 400: ERRORS[400], 401: ERRORS[401], 422: problem('RULE_VIOLATED: the current password is wrong') }, { requestBody: body(changePasswordSchema) }),
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
    '/api/v1/audit/events': {
      get: op('Query the audit log (newest first)', 'auditor, admin, superadmin', { 200: { description: 'A page', content: json(pageOf('#/components/schemas/AuditItem')) }, ...ERRORS }, { parameters: queryParams(auditQuerySchema) }),
    },
    '/health/live': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'The process answers' } } } },
    '/health/ready': { get: { summary: 'Readiness of every service', security: [], responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'UE Hub API', version: '1.0.0', description: 'Operations backend: users, stock, safety, time, audit. Errors are application/problem+json with a stable code.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: responseSchemas,
    },
  } as OpenAPIObject;
}
