import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { AuditItem, Changes } from '@uehub/contracts';
import { ISO_MS_UTC } from '@uehub/database';
import { encodePage, type EncodedPage } from '@uehub/messaging';
import { AUDIT_RECORDS } from './audit-tables';
import { encodeCursor, type ParsedAuditQuery } from './audit-query.schema';
import { typePrefixCondition } from './record-filter';

interface ItemRow {
  seq: string;
  prev_hash: string;
  hash: string;
  event_id: string;
  event_type: string;
  service: string;
  entity_type: string;
  entity_id: string;
  actor_id: string;
  actor_role: string | null;
  actor_name: string | null;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  /** ISO 8601 in UTC with milliseconds, formatted by PostgreSQL (`ISO_MS_UTC`). */
  occurred_at: string;
  recorded_at: string;
  correlation_id: string;
  causation_id: string;
  changes: Changes | null;
  data: unknown;
}

/** Reads the audit log newest first (by `seq`), with filters and keyset pagination. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly orm: MikroORM) {}

  /** A page of the log, encoded once (the gateway sends it as it is). */
  async query(query: ParsedAuditQuery): Promise<EncodedPage<AuditItem>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (query.type) {
      const condition = typePrefixCondition(query.type);
      add(condition.sql, ...condition.params);
    }
    if (query.service) add('service = ?', query.service);
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?::uuid', query.entityId);
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.correlationId) add('correlation_id = ?', query.correlationId);
    if (query.from) add('occurred_at >= ?::timestamptz', query.from);
    if (query.to) add('occurred_at < ?::timestamptz', query.to);
    if (query.cursor) add('r.seq < ?::bigint', query.cursor.seq);
    const rows = await this.orm.em.fork().execute<ItemRow[]>(
      `select r.seq::text as seq, event_id, event_type, service, entity_type, entity_id, actor_id, actor_role, actor_name, request_id, client_ip, user_agent,
              ${ISO_MS_UTC('occurred_at')} as occurred_at, ${ISO_MS_UTC('recorded_at')} as recorded_at, correlation_id, causation_id, changes, data, r.prev_hash, r.hash
         from ${AUDIT_RECORDS} r
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by r.seq desc
        limit ?`,
      [...params, query.limit + 1],
    );
    const seqOf = new Map(rows.map((row) => [row.event_id, row.seq]));
    return encodePage(rows.map(toItem), query.limit, (item) => encodeCursor({ seq: seqOf.get(item.id)! }));
  }
}

function toItem(row: ItemRow): AuditItem {
  return {
    id: row.event_id,
    type: row.event_type,
    service: row.service,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorName: row.actor_name,
    requestId: row.request_id,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    changes: row.changes,
    data: row.data,
    chain: { seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash },
  };
}
