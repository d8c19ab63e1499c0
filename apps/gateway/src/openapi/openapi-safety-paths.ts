import {
  amendSchema,
  answerSchema,
  cancelActionSchema,
  createActionSchema,
  listActionsQuerySchema,
  listInspectionsQuerySchema,
  listTemplatesQuerySchema,
  resolveActionSchema,
  summaryQuerySchema,
  startInspectionSchema,
  templateContentSchema,
  updateActionSchema,
} from '@uehub/contracts';
import { body, ERRORS, idParam, ifMatch, json, op, problem, queryParams, ref, WRITE_ERRORS, type Paths } from './openapi-helpers';
import { pageOf } from './openapi-schemas';

const one = (name: string) => ({ description: `The ${name.toLowerCase()}, with ETag = version`, content: json(ref(name)) });
const page = (name: string) => ({ description: 'A page', content: json(pageOf(`#/components/schemas/${name}`)) });
const itemParam = { name: 'itemId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 64 } };
const USER_ERRORS = { ...WRITE_ERRORS, 422: problem('RULE_VIOLATED / UNKNOWN_USER / USER_INACTIVE') };
const SEALED_ERRORS = { ...WRITE_ERRORS, 409: problem('SEALED (completed: amend instead) / CONCURRENT_MODIFICATION') };
const FIELD = 'the inspector (worker and up) or a manager';

/** Paths of the safety routes. */
export function safetyPaths(): Paths {
  const write = (summary: string, roles: string, name: string, extra = {}, errors: object = WRITE_ERRORS) => op(summary, roles, { 200: one(name), ...errors }, extra);
  return {
    '/api/v1/safety/templates': {
      post: op('Create a checklist template (version 1, a draft)', 'manager and up', { 201: one('SafetyTemplate'), ...WRITE_ERRORS }, { requestBody: body(templateContentSchema) }),
      get: op('List templates with their versions', 'any signed-in user', { 200: page('SafetyTemplate'), ...ERRORS }, { parameters: queryParams(listTemplatesQuerySchema) }),
    },
    '/api/v1/safety/templates/{id}': {
      get: op('Read a template with every version', 'any signed-in user', { 200: one('SafetyTemplate'), ...ERRORS }, { parameters: [idParam] }),
      put: write('Save the draft; after a publication this starts the next version', 'manager and up', 'SafetyTemplate', { parameters: [idParam, ifMatch], requestBody: body(templateContentSchema) }),
    },
    '/api/v1/safety/templates/{id}/publish': { post: write('Publish the latest draft version', 'manager and up', 'SafetyTemplate', { parameters: [idParam, ifMatch] }) },
    '/api/v1/safety/templates/{id}/archive': { post: write('Archive: no new inspections start from it', 'manager and up', 'SafetyTemplate', { parameters: [idParam, ifMatch] }) },
    '/api/v1/safety/inspections': {
      post: op('Start an inspection from the newest published version', 'employee and up (assigning another inspector: manager and up)', { 201: one('SafetyInspection'), ...USER_ERRORS }, {
        requestBody: body(startInspectionSchema),
      }),
      get: op('List inspections, newest first', 'any signed-in user (workers: their own)', { 200: page('SafetyInspection'), ...ERRORS }, { parameters: queryParams(listInspectionsQuerySchema) }),
    },
    '/api/v1/safety/inspections/{id}': {
      get: op('Read an inspection with answers, signatures and amendments', 'any signed-in user (workers: their own)', { 200: one('SafetyInspection'), ...ERRORS }, { parameters: [idParam] }),
    },
    '/api/v1/safety/inspections/{id}/answers/{itemId}': {
      put: write('Save one answer; answerId is its idempotency key (a retry changes nothing, reuse for another answer is 422)', FIELD, 'SafetyInspection', {
        parameters: [idParam, itemParam],
        requestBody: body(answerSchema),
      }, { ...SEALED_ERRORS, 422: problem('IDEMPOTENCY_KEY_REUSED / RULE_VIOLATED') }),
    },
    '/api/v1/safety/inspections/{id}/complete': {
      post: write('Complete: score, result, the inspector\'s signature; opens an action per failed item', FIELD, 'SafetyInspection', { parameters: [idParam, ifMatch] }, {
        ...SEALED_ERRORS,
        422: problem('INCOMPLETE (errors list the required items not answered)'),
      }),
    },
    '/api/v1/safety/inspections/{id}/sign': { post: write('Countersign the answers as they stand (digest recorded)', 'manager and up, not the inspector', 'SafetyInspection', { parameters: [idParam, ifMatch] }) },
    '/api/v1/safety/inspections/{id}/amend': {
      post: write('Amend a completed inspection with a reason (re-scored; kept in its history)', FIELD, 'SafetyInspection', { parameters: [idParam, ifMatch], requestBody: body(amendSchema) }),
    },
    '/api/v1/safety/inspections/{id}/evidence': {
      post: op('Attach a photo to an answer (JPEG, PNG or WebP by content; at most SAFETY_EVIDENCE_MAX_BYTES); stored once by SHA-256', FIELD, {
        201: one('SafetyInspection'),
        ...SEALED_ERRORS,
        413: problem('PAYLOAD_TOO_LARGE'),
        415: problem('UNSUPPORTED_MEDIA_TYPE (the bytes are not an accepted image)'),
      }, {
        parameters: [idParam],
        requestBody: {
          required: true,
          content: { 'multipart/form-data': { schema: { type: 'object', required: ['itemId', 'file'], properties: { itemId: { type: 'string' }, file: { type: 'string', format: 'binary' } } } } },
        },
      }),
    },
    '/api/v1/safety/inspections/{id}/report.pdf': {
      get: op('The inspection as a printable PDF report', 'any signed-in user (workers: their own)', {
        200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
        ...ERRORS,
      }, { parameters: [idParam] }),
    },
    '/api/v1/safety/evidence/{sha256}': {
      get: op('A stored photo by its SHA-256 (the digest the events carry); ETag = the digest', 'any signed-in user', {
        200: { description: 'The bytes', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } },
        ...ERRORS,
      }, { parameters: [{ name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }] }),
    },
    '/api/v1/safety/reports/summary': {
      get: op('Inspections completed (and failed) and scheduled occurrences missed per site or template in [from, to); open and overdue actions by priority now', 'manager and up, auditors', {
        200: { description: 'The summary', content: json(ref('SafetySummaryReport')) },
        ...ERRORS,
      }, { parameters: queryParams(summaryQuerySchema) }),
    },
    '/api/v1/safety/actions': {
      post: op('Raise a corrective action (hazard, near miss); due date defaults by priority', 'employee and up', { 201: one('SafetyAction'), ...USER_ERRORS }, { requestBody: body(createActionSchema) }),
      get: op('List corrective actions, newest first', 'any signed-in user (workers: assigned to them)', { 200: page('SafetyAction'), ...ERRORS }, { parameters: queryParams(listActionsQuerySchema) }),
    },
    '/api/v1/safety/actions/{id}': {
      get: op('Read a corrective action', 'any signed-in user (workers: assigned to them)', { 200: one('SafetyAction'), ...ERRORS }, { parameters: [idParam] }),
      patch: write('Change or assign (managers); the assignee may only set status in_progress', 'worker and up', 'SafetyAction', { parameters: [idParam, ifMatch], requestBody: body(updateActionSchema) }, USER_ERRORS),
    },
    '/api/v1/safety/actions/{id}/resolve': { post: write('Resolve with a note', 'the assignee or a manager', 'SafetyAction', { parameters: [idParam, ifMatch], requestBody: body(resolveActionSchema) }) },
    '/api/v1/safety/actions/{id}/verify': { post: write('Verify a resolved action', 'manager and up, not the resolver', 'SafetyAction', { parameters: [idParam, ifMatch] }) },
    '/api/v1/safety/actions/{id}/cancel': { post: write('Cancel with a reason', 'manager and up', 'SafetyAction', { parameters: [idParam, ifMatch], requestBody: body(cancelActionSchema) }) },
  };
}

export { safetyViewSchemas as safetyResponseSchemas } from './openapi-safety-schemas';
