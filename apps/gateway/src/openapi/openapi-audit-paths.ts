import { auditExportQuerySchema } from '@uehub/contracts';
import { ERRORS, json, op, problem, queryParams, type Paths } from './openapi-helpers';

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
        'record: modified, missing-or-reordered; checkpoint: digest-mismatch, unknown-key, bad-signature, broken-link, out-of-order, missing-from-database, differs-from-copy, count-mismatch, head-hash-mismatch, records-missing',
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
      get: op('Public keys of the audit checkpoints (JWK, current and retired)', 'anyone', { 200: { description: 'Keys', content: json({ type: 'object', properties: { keys: { type: 'array', items: { type: 'object', required: ['kid', 'kty', 'crv', 'x', 'status'] } } } }) } }, { security: [] }),
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
