/** One audit record as the query API returns it; `id` is the event id. */
export interface AuditItem {
  id: string;
  type: string;
  service: string;
  entityType: string;
  entityId: string;
  actorId: string;
  actorRole: string | null;
  /** The actor's name when the event happened (a snapshot), null for system actors. */
  actorName: string | null;
  requestId: string | null;
  /** Where the request came from, as the gateway saw it. */
  clientIp: string | null;
  userAgent: string | null;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  data: unknown;
  /** The record's place in the hash chain: its sequence number, the previous record's hash and its own. */
  chain: AuditChainLink;
}

export interface AuditChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  type?: string;
  service?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  correlationId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** An audit public key (JWK form); checkpoints name it by `kid`. */
export interface AuditPublicKeyView {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  status: 'current' | 'retired';
}

/** The first record or checkpoint that does not match, and why. */
export type AuditFindingView =
  | { kind: 'record'; seq: number; eventId: string; problem: string; detail: string }
  | { kind: 'checkpoint'; checkpoint: number; problem: string; detail: string };

/** The verifier's result (`ok: false` names the first finding). */
export interface AuditVerificationView {
  ok: boolean;
  records: number;
  checkpoints: number;
  lastCheckpoint: number | null;
  uncheckpointed: number;
  finding?: AuditFindingView;
}

/** `GET /api/v1/audit/verify`: a range of record sequence numbers (inclusive), both optional. */
export interface AuditVerifyQuery {
  from?: number;
  to?: number;
}

/** `GET /api/v1/audit/export`: `from` (inclusive) and `to` (exclusive) on `occurred_at`, a type prefix, the records file's format. */
export interface AuditExportQuery {
  from?: string;
  to?: string;
  type?: string;
  format: 'ndjson' | 'csv';
}

/**
 * What an export's files are cut from, fixed when its manifest is signed (records after
 * `afterSeq` up to `toSeq`, checkpoints `firstCheckpoint..lastCheckpoint`); page requests
 * send it back, so every page reads the same records the manifest hashed.
 */
export interface AuditExportPlan {
  from: string | null;
  to: string | null;
  type: string | null;
  format: 'ndjson' | 'csv';
  afterSeq: number;
  toSeq: number;
  firstCheckpoint: number;
  lastCheckpoint: number;
}

/** A signed export ready to stream: the manifest's exact text, its signature, and the files' sizes. */
export interface AuditExportPrepared {
  exportId: string;
  manifest: string;
  signature: string;
  files: { name: string; bytes: number; sha256: string }[];
  plan: AuditExportPlan;
}

/** One piece of a file of a prepared export; `after` is null for the file's start. */
export interface AuditExportPageRequest {
  plan: AuditExportPlan;
  file: 'checkpoints' | 'chain' | 'records';
  after: number | null;
}

export interface AuditExportPage {
  text: string;
  /** Where the next piece starts, null at the end of the file. */
  next: number | null;
}

/** A legal hold's scope: one entity (type optional), one actor, or a time range on `occurred_at` ([from, to)). */
export type LegalHoldScope = { entityId: string; entityType?: string } | { actorId: string } | { from: string; to: string };

/** `POST /api/v1/audit/holds` (superadmin): a scope and why. */
export type LegalHoldRequest = LegalHoldScope & { reason: string };

/** `DELETE /api/v1/audit/holds/:id` (superadmin): why the hold is lifted. */
export interface LegalHoldLiftRequest {
  id: string;
  reason: string;
}

export interface LegalHoldView {
  id: string;
  scope: LegalHoldScope;
  reason: string;
  setBy: string;
  setAt: string;
  lifted: { at: string; by: string; reason: string } | null;
}

/** `POST /api/v1/audit/purge` (superadmin): `apply: false` (default) only reports what would go. */
export interface AuditPurgeRequest {
  apply?: boolean;
}

/** What a purge removed (or would): the oldest records up to a signed checkpoint, and where it stopped. */
export interface AuditPurgeView {
  applied: boolean;
  removed: { firstSeq: number; lastSeq: number; count: number } | null;
  /** The first record kept and why: under a legal hold, within its retention, or past the last checkpoint. */
  stoppedAt: { seq: number; reason: 'legal-hold' | 'retention' | 'checkpoint' } | null;
  /** The signed tombstone checkpoint, when applied. */
  tombstone: number | null;
}
