import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { AuditPurgeView, LegalHoldRequest, LegalHoldView, RequestContext } from '@uehub/contracts';
import { AuditReadLog } from '../audit-read-log';
import { Checkpointer } from '../checkpoints/checkpointer.service';
import { AuditVerifyService } from '../verification/audit-verify.service';
import { purgeAuditLog } from './audit-purge';
import { liftLegalHold, listLegalHolds, setLegalHold } from './legal-holds';
import { retentionSettingsOf, type RetentionSettings } from './retention-settings';

/** Legal holds and purges of the running service; each change is itself an audit record. */
@Injectable()
export class AuditRetentionService {
  readonly retention: RetentionSettings = retentionSettingsOf();

  constructor(
    private readonly orm: MikroORM,
    private readonly readLog: AuditReadLog,
    private readonly checkpointer: Checkpointer,
    private readonly verifier: AuditVerifyService,
  ) {}

  async setHold(request: LegalHoldRequest, context: RequestContext): Promise<LegalHoldView> {
    const hold = await setLegalHold(this.orm.em.fork(), request, context.actor.id);
    await this.readLog.record('audit.hold.set', context, { scope: hold.scope, reason: hold.reason }, { type: 'legal_hold', id: hold.id });
    return hold;
  }

  async liftHold(id: string, reason: string, context: RequestContext): Promise<LegalHoldView> {
    const hold = await liftLegalHold(this.orm.em.fork(), id, reason, context.actor.id);
    await this.readLog.record('audit.hold.lifted', context, { scope: hold.scope, reason }, { type: 'legal_hold', id: hold.id });
    return hold;
  }

  listHolds(): Promise<LegalHoldView[]> {
    return listLegalHolds(this.orm.em.fork());
  }

  /** A dry run unless `apply`; an applied purge is audited and its tombstone copied out at once. */
  async purge(apply: boolean, context: RequestContext): Promise<AuditPurgeView> {
    const { keys, maxRecords } = this.checkpointer.settings;
    const result = await purgeAuditLog(this.orm.em.fork(), { keys, publicKeys: this.verifier.keyMap(), retention: this.retention, maxRecords, apply });
    if (result.applied) {
      await this.checkpointer.copyOut();
      await this.readLog.record('audit.log.purged', context, { removed: result.removed, tombstone: result.tombstone });
    }
    return result;
  }
}
