import { z } from 'zod';

/** Building blocks of the OpenAPI document's operations. */
export type Operation = Record<string, unknown>;
export type Paths = Record<string, Record<string, Operation>>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: unknown) => ({ 'application/json': { schema } });
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
export const ERRORS = {
  400: problem('VALIDATION_FAILED'),
  401: problem('UNAUTHENTICATED'),
  403: problem('FORBIDDEN'),
  404: problem('NOT_FOUND'),
};
export const WRITE_ERRORS = {
  ...ERRORS,
  409: problem('ALREADY_EXISTS / CONCURRENT_MODIFICATION'),
  412: problem('VERSION_MISMATCH'),
  422: problem('RULE_VIOLATED'),
};

export function body(schema: z.ZodType): Operation {
  return { required: true, content: json(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) };
}

/** Query parameters from a zod object schema. */
export function queryParams(schema: z.ZodObject): Operation[] {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown>; required?: string[] };
  const required = new Set(jsonSchema.required ?? []);
  return Object.entries(jsonSchema.properties).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s }));
}

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
export const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETag from a read; 412 when stale' };
const requestId = { name: 'x-request-id', in: 'header', required: false, schema: { type: 'string' }, description: 'Correlation id; made when absent' };

export function op(summary: string, roles: string, responses: Operation, extra: Operation = {}): Operation {
  return { summary, description: `Roles: ${roles}.`, parameters: [requestId, ...((extra.parameters as Operation[]) ?? [])], ...extra, responses };
}
