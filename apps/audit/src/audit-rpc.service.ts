import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_READER_ROLES, auditVerifyQuerySchema, type AuditItem, type AuditQuery, type AuditVerificationView, type AuditVerifyQuery, type Page, type RequestContext } from '@uehub/contracts';
import { AppError, parseOrThrow } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { auditQuerySchema } from './audit-query.schema';
import { AuditQueryService } from './audit-query.service';
import { AuditReadLog } from './audit-read-log';
import { AuditVerifyService } from './verification/audit-verify.service';

/** Answers the audit request/reply patterns; reading the log needs an audit-reader role. */
@Injectable()
export class AuditRpcService implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly queries: AuditQueryService,
    private readonly verifier: AuditVerifyService,
    private readonly readLog: AuditReadLog,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve({
      'audit.events.query': (payload, context) => this.query(payload, context),
      // public keys are public: anyone may check a checkpoint or an export with them
      'audit.keys': () => Promise.resolve({ keys: this.verifier.publicKeys() }),
      'audit.verify': (payload, context) => this.verify(payload, context),
    });
  }

  async query(payload: AuditQuery | undefined, context: RequestContext | undefined): Promise<Page<AuditItem>> {
    assertAuditReader(context);
    const query = parseOrThrow(auditQuerySchema, payload ?? {}, 'audit query');
    const page = await this.queries.query(query);
    const { cursor: _cursor, ...filter } = payload ?? {};
    await this.readLog.record('audit.log.read', context!, { filter, cursor: query.cursor !== undefined, rows: page.items.length });
    return page;
  }


  async verify(payload: AuditVerifyQuery | undefined, context: RequestContext | undefined): Promise<AuditVerificationView> {
    assertAuditReader(context);
    const range = parseOrThrow(auditVerifyQuerySchema, payload ?? {}, 'verify query');
    const verdict = await this.verifier.verify({ fromSeq: range.from, toSeq: range.to });
    await this.readLog.record('audit.log.verified', context!, { range, ok: verdict.ok, records: verdict.records, problem: verdict.finding?.problem ?? null });
    return verdict;
  }
}

/** Defence in depth: the gateway checked the role already; the service checks again. */
function assertAuditReader(context: RequestContext | undefined): void {
  const actor = context?.actor;
  if (actor?.kind !== 'user' || !AUDIT_READER_ROLES.includes(actor.role)) {
    throw new AppError('FORBIDDEN', 'Reading the audit log needs the auditor, admin or superadmin role');
  }
}
