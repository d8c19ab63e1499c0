import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AUDIT_READER_ROLES,
  auditExportPageSchema,
  auditExportQuerySchema,
  auditVerifyQuerySchema,
  type AuditExportPage,
  type AuditExportPageRequest,
  type AuditExportPrepared,
  type AuditExportQuery,
  type AuditItem,
  type AuditPublicKeyView,
  type AuditQuery,
  type AuditVerificationView,
  type AuditVerifyQuery,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { Caller, Handles, PublicPattern, RequireRoles, type EncodedPage } from '@uehub/messaging';
import { auditQuerySchema } from './audit-query.schema';
import { AuditQueryService } from './audit-query.service';
import { AuditReadLog } from './audit-read-log';
import { AuditExportService } from './export/audit-export.service';
import { AuditVerifyService } from './verification/audit-verify.service';

/**
 * Answers the audit request/reply patterns. Reading the log needs an audit-reader role:
 * the gateway checked it already, the `CallerGuard` checks it again (defence in depth).
 * The raw filter is parsed here, not in a pipe: the read is recorded with the filter as asked.
 */
@Controller()
@RequireRoles(AUDIT_READER_ROLES, 'read the audit log')
export class AuditRpcService {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly verifier: AuditVerifyService,
    private readonly readLog: AuditReadLog,
    private readonly exports: AuditExportService,
  ) {}

  @Handles('audit.events.query')
  async query(@Payload() payload: AuditQuery | undefined, @Caller() context: RequestContext): Promise<EncodedPage<AuditItem>> {
    const query = parseOrThrow(auditQuerySchema, payload ?? {}, 'audit query');
    const page = await this.queries.query(query);
    const { cursor: _cursor, ...filter } = payload ?? {};
    await this.readLog.record('audit.log.read', context, { filter, cursor: query.cursor !== undefined, rows: page.count });
    return page;
  }

  // public keys are public: anyone may check a checkpoint or an export with them
  @PublicPattern()
  @Handles('audit.keys')
  async keys(): Promise<{ keys: AuditPublicKeyView[] }> {
    return { keys: this.verifier.publicKeys() };
  }

  @Handles('audit.verify')
  async verify(@Payload() payload: AuditVerifyQuery | undefined, @Caller() context: RequestContext): Promise<AuditVerificationView> {
    const range = parseOrThrow(auditVerifyQuerySchema, payload ?? {}, 'verify query');
    const verdict = await this.verifier.verify({ fromSeq: range.from, toSeq: range.to });
    await this.readLog.record('audit.log.verified', context, { range, ok: verdict.ok, records: verdict.records, problem: verdict.finding?.problem ?? null });
    return verdict;
  }

  /** Signs an export's manifest (reading every file once to hash it); the export is audited here. */
  @Handles('audit.export.prepare')
  async exportPrepare(@Payload() payload: AuditExportQuery | undefined, @Caller() context: RequestContext): Promise<AuditExportPrepared> {
    return this.exports.prepare(parseOrThrow(auditExportQuerySchema, payload ?? {}, 'export query'), context);
  }

  /** A piece of a prepared export's file (the plan pins the range; the pieces hash to the manifest's digests). */
  @Handles('audit.export.page')
  async exportPage(@Payload() payload: AuditExportPageRequest | undefined): Promise<AuditExportPage> {
    return this.exports.exporter.page(parseOrThrow(auditExportPageSchema, payload ?? {}, 'export page'));
  }
}
