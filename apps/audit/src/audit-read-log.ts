import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EventEnvelope, RequestContext } from '@uehub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { AuditRecordHandler } from './audit-record.handler';

/** The entity of records about the audit log itself (reads, verifications). */
export const AUDIT_LOG_ENTITY_ID = '00000000-0000-7000-8000-00000000a0d1';

/** Records the audit service writes about its own log: reads, exports, verifications, legal holds, purges. */
export type AuditLogRecordType = 'audit.log.read' | 'audit.log.verified' | 'audit.log.exported' | 'audit.log.purged' | 'audit.hold.set' | 'audit.hold.lifted';

/**
 * Auditing the auditors: every read of the audit log, every export and every verification is appended
 * to the same hash chain (who, from where, what filter, how many rows or what verdict),
 * in its own transaction after the answer is computed. `jetstream_seq` is 0: the record
 * did not come through the event stream.
 */
@Injectable()
export class AuditReadLog {
  constructor(
    private readonly orm: MikroORM,
    private readonly handler: AuditRecordHandler,
  ) {}

  /** `entity`: what the record is about when not the log as a whole (a legal hold). */
  async record(type: AuditLogRecordType, context: RequestContext, data: Record<string, unknown>, entity = { type: 'audit_log', id: AUDIT_LOG_ENTITY_ID }): Promise<void> {
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type,
      schemaVersion: 1,
      stream: { type: entity.type, id: entity.id, version: 1 },
      occurredAt: new Date().toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.requestId ?? context.correlationId,
      requestId: context.requestId,
      client: context.ip || context.userAgent ? { ip: context.ip, userAgent: context.userAgent } : undefined,
      data,
    };
    await this.orm.em.fork().transactional(async (tx) => {
      await this.handler.beforeBatch(tx);
      await this.handler.handle(tx, envelope, { subject: 'audit.direct', streamSequence: 0, deliveryCount: 1 });
    });
  }
}
