import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { AuditIngestService } from './audit-ingest.service';
import { AuditExportService } from './export/audit-export.service';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-options';
import { AuditQueryService } from './audit-query.service';
import { AuditReadLog } from './audit-read-log';
import { AuditRecordHandler } from './audit-record.handler';
import { AuditRpcService } from './audit-rpc.service';
import { AUDIT_TABLE_NAMES } from './audit-tables';
import { Checkpointer } from './checkpoints/checkpointer.service';
import { AuditRetentionRpcService } from './retention/audit-retention-rpc.service';
import { AuditRetentionService } from './retention/audit-retention.service';
import { AuditVerifyService } from './verification/audit-verify.service';
import { VerificationSchedule } from './verification/verification-schedule';
import { auditMigrations } from './migrations';

/** The audit service: ingests every domain event into a hash-chained log and answers queries on it. */
@Module({})
export class AuditModule {
  static register(config: ServiceConfig, options: AuditOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      imports: [ServiceHostModule.register({ config, entities: [], migrations: auditMigrations, readinessTables: AUDIT_TABLE_NAMES })],
      providers: [
        { provide: AUDIT_OPTIONS, useValue: options },
        Checkpointer,
        AuditVerifyService,
        AuditRecordHandler,
        AuditReadLog,
        AuditIngestService,
        AuditQueryService,
        AuditExportService,
        VerificationSchedule,
        AuditRetentionService,
      ],
      controllers: [AuditRpcService, AuditRetentionRpcService],
      exports: [AuditIngestService, AuditQueryService, Checkpointer, AuditVerifyService, AuditExportService],
    };
  }
}
