import { isErrorCode } from '@uehub/contracts';
import { z } from 'zod';

/** Building blocks of the OpenAPI document's operations. */
export type Operation = Record<string, unknown>;
export type Paths = Record<string, Record<string, Operation>>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: unknown) => ({ 'application/json': { schema } });
const CODE_WORD = /\b[A-Z][A-Z_]*[A-Z]\b/g;

/**
 * A problem answer. The codes its description names (the upper-case words) become the enum of
 * `code`, so that a client (and the whole-system tests) can tell a documented code from one the
 * document leaves out; a word that is no error code fails the document's build.
 */
export function problem(description: string) {
  const codes = [...new Set(description.match(CODE_WORD) ?? [])];
  const unknown = codes.filter((code) => !isErrorCode(code));
  if (codes.length === 0 || unknown.length > 0) throw new Error(`OpenAPI problem "${description}" names no error code or an unknown one (${unknown.join(', ')})`);
  const schema = { allOf: [ref('Problem'), { type: 'object', properties: { code: { type: 'string', enum: codes } } }] };
  return { description, content: { 'application/problem+json': { schema } } };
}

/** Adds the codes `description` names to an operation's problem answer at `status` (made when absent). */
export function addProblem(operation: Operation, status: number, description: string): void {
  const responses = operation.responses as Record<string, { description?: string }>;
  const existing = responses[status]?.description;
  const known = new Set(existing?.match(CODE_WORD) ?? []);
  if (existing && (description.match(CODE_WORD) ?? []).every((code) => known.has(code))) return;
  responses[status] = problem(existing ? `${existing} / ${description}` : description);
}
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
