import { openServiceOrm } from '@uehub/database';
import type { AuditPurgeView } from '@uehub/contracts';
import type { ServiceConfig } from '@uehub/service-host';
import { v7 as uuidv7 } from 'uuid';
import { AuditReadLog } from '../audit-read-log';
import { AuditRecordHandler } from '../audit-record.handler';
import { checkpointSettingsOf } from '../checkpoints/checkpoint-settings';
import { publicKeyFromRaw } from '../checkpoints/signing-keys';
import { purgeAuditLog } from './audit-purge';
import { retentionSettingsOf } from './retention-settings';

/**
 * `main.js audit:purge [--apply]`: a dry run by default (what would be removed and where it
 * stops); with `--apply` the oldest records past retention and under no hold are removed
 * behind a signed tombstone, and the purge is an audit record (actor `system` `audit-cli`).
 * The running service copies the tombstone to the file and stream sinks on its next run.
 */
export async function purgeCommand(config: ServiceConfig, args: string[]): Promise<AuditPurgeView & { ok: true }> {
  const unknown = args.filter((arg) => arg !== '--apply');
  if (unknown.length) throw new Error(`Usage: audit:purge [--apply] (${unknown[0]} is not valid here)`);
  const apply = args.includes('--apply');
  const { keys, maxRecords } = checkpointSettingsOf(config);
  const orm = await openServiceOrm({ service: config.service, target: config.database, entities: [], migrations: [] });
  try {
    const publicKeys = new Map(keys.publicKeys.map((key) => [key.kid, publicKeyFromRaw(key.x)]));
    const result = await purgeAuditLog(orm.em.fork(), { keys, publicKeys, retention: retentionSettingsOf(), maxRecords, apply });
    if (result.applied) {
      const readLog = new AuditReadLog(orm, new AuditRecordHandler({ noteRecords: () => undefined }));
      await readLog.record('audit.log.purged', { actor: { kind: 'system', id: 'audit-cli' }, correlationId: uuidv7() }, { removed: result.removed, tombstone: result.tombstone });
    }
    return { ok: true, ...result };
  } finally {
    await orm.close(true);
  }
}
