import { auditExportQuerySchema, auditPurgeRequestSchema, legalHoldRequestSchema } from '@uehub/contracts';
import { z } from 'zod';
import { body, ERRORS, idParam, json, op, problem, queryParams, type Paths } from './openapi-helpers';

const seqParam = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description });

const finding = {
  type: 'object',
  required: ['kind', 'problem', 'detail'],
  properties: {
    kind: { enum: ['record', 'checkpoint'] },
    seq: { type: 'integer', description: 'kind record' },
    eventId: { type: 'string', description: 'kind record' },
    checkpoint: { type: 'integer', description: 'kind checkpoint' },
    problem: {
      type: 'string',
      description:
        'record: modified, missing-or-reordered; checkpoint: digest-mismatch, unknown-key, bad-signature, broken-link, out-of-order, missing-from-database, differs-from-copy, count-mismatch, head-hash-mismatch, records-missing, bad-tombstone',
    },
    detail: { type: 'string' },
  },
};

const exportDescription = [
  'A tar archive (docs/audit.md, "Export"): manifest.json (canonical JSON: filter, span of the chain, counts, the covering checkpoints, SHA-256 and size of every file),',
  'manifest.sig (Ed25519 over manifest.json with the audit key, base64url), checkpoints.ndjson (the signed checkpoints covering the span),',
  'chain.ndjson (seq, prev_hash and hash of every record in the span) and records.ndjson or records.csv (the matching records with every hashed field).',
  'Check it offline with `npx uehub-audit-verify <file.tar> --key keys.json` (keys.json: GET /api/v1/audit/keys). The export is itself an audit record (audit.log.exported).',
].join(' ');

/** Signed checkpoints: the public keys, the verifier and signed exports. */
export function auditVerifyPaths(): Paths {
  return {
    '/api/v1/audit/keys': {
      get: op('Public keys of the audit checkpoints (JWK, current and retired)', 'anyone', { 200: { description: 'Keys', content: json({ type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object', required: ['kid', 'kty', 'crv', 'x', 'status'], properties: { kid: { type: 'string' }, kty: { const: 'OKP' }, crv: { const: 'Ed25519' }, x: { type: 'string' }, status: { enum: ['current', 'retired'] } } } } } }) } }, { security: [] }),
    },
    '/api/v1/audit/export': {
      get: op(
        'Export the records (type prefix, occurred_at from inclusive, to exclusive) with a signed manifest, streamed',
        'auditor, admin, superadmin',
        { 200: { description: exportDescription, content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } } }, ...ERRORS },
        { parameters: queryParams(auditExportQuerySchema) },
      ),
    },
    '/api/v1/audit/verify': {
      get: op(
        'Recompute the hash chain and check the signed checkpoints and their copies outside the database; names the first record or checkpoint that does not match',
        'auditor, admin, superadmin',
        {
          200: {
            description: 'The verdict (ok false with the first finding)',
            content: json({
              type: 'object',
              required: ['ok', 'records', 'checkpoints', 'lastCheckpoint', 'uncheckpointed'],
              properties: { ok: { type: 'boolean' }, records: { type: 'integer' }, checkpoints: { type: 'integer' }, lastCheckpoint: { type: ['integer', 'null'] }, uncheckpointed: { type: 'integer' }, finding },
            }),
          },
          ...ERRORS,
          400: problem('VALIDATION_FAILED (from after to, not a whole number)'),
        },
        { parameters: [seqParam('from', 'First record seq (verification starts at the checkpoint before it)'), seqParam('to', 'Last record seq (up to the checkpoint covering it)')] },
      ),
    },
  };
}

const hold = {
  type: 'object',
  required: ['id', 'scope', 'reason', 'setBy', 'setAt', 'lifted'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    scope: {
      type: 'object',
      description: 'one of {entityId, entityType?}, {actorId}, {from, to} (occurred_at, to exclusive)',
      properties: { entityId: { type: 'string' }, entityType: { type: 'string' }, actorId: { type: 'string' }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } },
    },
    reason: { type: 'string' },
    setBy: { type: 'string' },
    setAt: { type: 'string', format: 'date-time' },
    lifted: { type: ['object', 'null'], required: ['at', 'by', 'reason'], properties: { at: { type: 'string', format: 'date-time' }, by: { type: 'string' }, reason: { type: 'string' } } },
  },
};

const purgeResult = {
  type: 'object',
  required: ['applied', 'removed', 'stoppedAt', 'tombstone'],
  properties: {
    applied: { type: 'boolean' },
    removed: { type: ['object', 'null'], required: ['firstSeq', 'lastSeq', 'count'], properties: { firstSeq: { type: 'integer' }, lastSeq: { type: 'integer' }, count: { type: 'integer' } } },
    stoppedAt: { type: ['object', 'null'], required: ['seq', 'reason'], properties: { seq: { type: 'integer' }, reason: { enum: ['legal-hold', 'retention', 'checkpoint'] } } },
    tombstone: { type: ['integer', 'null'], description: 'the signed tombstone checkpoint naming the removed range' },
  },
};

/** Legal holds and the retention purge (docs/audit.md, "Retention and legal hold"). */
export function auditRetentionPaths(): Paths {
  return {
    '/api/v1/audit/holds': {
      post: op('Set a legal hold (an entity, an actor or an occurred_at range) with a reason; audited as audit.hold.set', 'superadmin', { 201: { description: 'The hold', content: json(hold) }, ...ERRORS }, { requestBody: body(legalHoldRequestSchema) }),
      get: op('Legal holds, active and lifted, newest first', 'auditor, admin, superadmin', { 200: { description: 'Holds', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: hold } } }) }, ...ERRORS }),
    },
    '/api/v1/audit/holds/{id}': {
      delete: op(
        'Lift a legal hold with a reason; audited as audit.hold.lifted',
        'superadmin',
        { 200: { description: 'The lifted hold', content: json(hold) }, ...ERRORS, 404: problem('NOT_FOUND'), 422: problem('RULE_VIOLATED (lifted already)') },
        { parameters: [idParam], requestBody: body(z.strictObject({ reason: z.string().min(3).max(1000) })) },
      ),
    },
    '/api/v1/audit/purge': {
      post: op(
        'Remove the oldest records past retention and under no legal hold, up to a signed checkpoint, leaving a signed tombstone; a dry run unless apply is true',
        'superadmin',
        { 200: { description: 'What was (or would be) removed and where it stopped', content: json(purgeResult) }, ...ERRORS, 422: problem('RULE_VIOLATED (the range does not verify)') },
        { requestBody: body(auditPurgeRequestSchema) },
      ),
    },
  };
}
