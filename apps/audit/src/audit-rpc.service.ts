import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_READER_ROLES, type AuditItem, type AuditQuery, type Page, type RequestContext } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { auditQuerySchema } from './audit-query.schema';
import { AuditQueryService } from './audit-query.service';

/** Answers the audit request/reply patterns; reading the log needs an audit-reader role. */
@Injectable()
export class AuditRpcService implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly queries: AuditQueryService,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'audit.events.query': (payload, context) => this.query(payload, context),
    });
  }

  async query(payload: AuditQuery | undefined, context: RequestContext | undefined): Promise<Page<AuditItem>> {
    assertAuditReader(context);
    return this.queries.query(parseOrThrow(auditQuerySchema, payload ?? {}, 'audit query'));
  }
}

/** Defence in depth: the gateway checked the role already; the service checks again. */
function assertAuditReader(context: RequestContext | undefined): void {
  const actor = context?.actor;
  if (actor?.kind !== 'user' || !AUDIT_READER_ROLES.includes(actor.role)) {
    throw new AppError('FORBIDDEN', 'Reading the audit log needs the auditor, admin or superadmin role');
  }
}
