import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { exportArchive, pagedExportContent } from '@uehub/audit-verify';
import {
  AUDIT_READER_ROLES,
  auditExportQuerySchema,
  auditQuerySchema,
  auditVerifyQuerySchema,
  type AuditPublicKeyView,
  type AuditVerificationView,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { RpcClient } from '@uehub/messaging';
import type { Response } from 'express';
import { Public, Roles } from '../http/auth.guard';
import { sendEncoded } from '../http/encoded-json';
import { Ctx } from '../http/request-context';

@Controller('audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles(...AUDIT_READER_ROLES)
  async events(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<string> {
    // a `Page<AuditItem>`, sent as the audit service encoded it
    return sendEncoded(res, await this.rpc.callEncoded('audit.events.query', parseOrThrow(auditQuerySchema, query, 'query'), ctx));
  }

  /** Current and retired public keys of the audit checkpoints: public, so anyone can verify. */
  @Get('keys')
  @Public()
  keys(@Ctx() ctx: RequestContext): Promise<{ keys: AuditPublicKeyView[] }> {
    return this.rpc.call('audit.keys', {}, ctx);
  }

  /** Recomputes the chain and checks the signed checkpoints; names the first record or checkpoint that does not match. */
  @Get('verify')
  @Roles(...AUDIT_READER_ROLES)
  verify(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<AuditVerificationView> {
    return this.rpc.call('audit.verify', parseOrThrow(auditVerifyQuerySchema, query, 'query'), ctx);
  }

  /**
   * A signed export as a tar archive (manifest.json, manifest.sig, checkpoints.ndjson,
   * chain.ndjson, records.ndjson|csv), streamed page by page: the audit service signs the
   * manifest first (and audits the export), then each page is read as the archive is sent.
   */
  @Get('export')
  @Roles(...AUDIT_READER_ROLES)
  async export(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext): Promise<StreamableFile> {
    const prepared = await this.rpc.call('audit.export.prepare', parseOrThrow(auditExportQuerySchema, query, 'query'), ctx);
    const content = pagedExportContent(prepared, (file, after) => this.rpc.call('audit.export.page', { plan: prepared.plan, file, after }, ctx));
    return new StreamableFile(exportArchive(content), {
      type: 'application/x-tar',
      disposition: `attachment; filename="audit-export-${prepared.exportId}.tar"`,
    });
  }
}
