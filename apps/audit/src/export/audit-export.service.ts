import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { AuditExportPrepared, AuditExportQuery, RequestContext } from '@uehub/contracts';
import { AuditReadLog } from '../audit-read-log';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { AuditExporter } from './audit-exporter';

/** Exports signed with the service's audit key; each export is itself an audit record (who, filter, rows). */
@Injectable()
export class AuditExportService {
  readonly exporter: AuditExporter;

  constructor(
    orm: MikroORM,
    checkpointer: Checkpointer,
    private readonly readLog: AuditReadLog,
  ) {
    this.exporter = new AuditExporter(() => orm.em.fork(), checkpointer.settings.keys);
  }

  async prepare(query: AuditExportQuery, context: RequestContext): Promise<AuditExportPrepared> {
    const { rows, ...prepared } = await this.exporter.prepare(query);
    await recordExport(this.readLog, context, prepared, rows);
    return prepared;
  }
}

/** The audit record of an export: its id, filter, format, span and number of records. */
export function recordExport(readLog: AuditReadLog, context: RequestContext, prepared: AuditExportPrepared, rows: number): Promise<void> {
  const { plan } = prepared;
  return readLog.record('audit.log.exported', context, {
    exportId: prepared.exportId,
    filter: { from: plan.from, to: plan.to, type: plan.type },
    format: plan.format,
    rows,
    span: { afterSeq: plan.afterSeq, toSeq: plan.toSeq },
  });
}
