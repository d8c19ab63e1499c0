import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { AUDIT_READER_ROLES, type AuditItem, type AuditQuery, type Page, type RequestContext, type ServiceHealth } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcServer, type NatsConnection } from '@uehub/messaging';
import { checkReadiness, NATS_CONNECTION } from '@uehub/service-host';
import { auditQuerySchema } from './audit-query.schema';
import { AuditQueryService } from './audit-query.service';
import { AUDIT_SCHEMA, AUDIT_TABLE_NAMES } from './audit-tables';

/** Answers the audit request/reply patterns; reading the log needs an audit-reader role. */
@Injectable()
export class AuditRpcService implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly queries: AuditQueryService,
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'audit.events.query': (payload, context) => this.query(payload, context),
      'audit.health': () => this.health(),
    });
  }

  async query(payload: AuditQuery | undefined, context: RequestContext | undefined): Promise<Page<AuditItem>> {
    assertAuditReader(context);
    return this.queries.query(parseOrThrow(auditQuerySchema, payload ?? {}, 'audit query'));
  }

  health(): Promise<ServiceHealth> {
    return checkReadiness('audit', this.orm, this.nc, AUDIT_SCHEMA, AUDIT_TABLE_NAMES);
  }
}

/** Defence in depth: the gateway checked the role already; the service checks again. */
function assertAuditReader(context: RequestContext | undefined): void {
  const actor = context?.actor;
  if (actor?.kind !== 'user' || !AUDIT_READER_ROLES.includes(actor.role)) {
    throw new AppError('FORBIDDEN', 'Reading the audit log needs the auditor, admin or superadmin role');
  }
}
