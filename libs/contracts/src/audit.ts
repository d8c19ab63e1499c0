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
