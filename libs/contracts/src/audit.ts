/** One audit record as the query API returns it; `id` is the event id. */
export interface AuditItem {
  id: string;
  type: string;
  service: string;
  entityType: string;
  entityId: string;
  actorId: string;
  actorRole: string | null;
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
