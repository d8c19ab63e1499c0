import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AUDIT_READER_ROLES,
  auditPurgeRequestSchema,
  legalHoldLiftSchema,
  legalHoldRequestSchema,
  type AuditPurgeRequest,
  type AuditPurgeView,
  type LegalHoldLiftRequest,
  type LegalHoldRequest,
  type LegalHoldView,
  type RequestContext,
} from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { Caller, Handles, RequireRoles } from '@uehub/messaging';
import { AuditRetentionService } from './audit-retention.service';

/** Legal holds (set and lifted by a superadmin, listed for audit readers) and the purge (superadmin). */
@Controller()
@RequireRoles(['superadmin'], 'manage legal holds and purge the audit log')
export class AuditRetentionRpcService {
  constructor(private readonly retention: AuditRetentionService) {}

  @Handles('audit.holds.set')
  setHold(@Payload() payload: LegalHoldRequest | undefined, @Caller() context: RequestContext): Promise<LegalHoldView> {
    return this.retention.setHold(parseOrThrow(legalHoldRequestSchema, payload ?? {}, 'legal hold'), context);
  }

  @Handles('audit.holds.lift')
  liftHold(@Payload() payload: LegalHoldLiftRequest | undefined, @Caller() context: RequestContext): Promise<LegalHoldView> {
    const { id, reason } = parseOrThrow(legalHoldLiftSchema, payload ?? {}, 'lifting a legal hold');
    return this.retention.liftHold(id, reason, context);
  }

  @Handles('audit.holds.list')
  @RequireRoles(AUDIT_READER_ROLES, 'read the legal holds')
  async listHolds(): Promise<{ items: LegalHoldView[] }> {
    return { items: await this.retention.listHolds() };
  }

  @Handles('audit.purge')
  purge(@Payload() payload: AuditPurgeRequest | undefined, @Caller() context: RequestContext): Promise<AuditPurgeView> {
    return this.retention.purge(parseOrThrow(auditPurgeRequestSchema, payload ?? {}, 'purge').apply, context);
  }
}
