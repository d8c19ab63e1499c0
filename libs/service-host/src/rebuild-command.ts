import { MikroORM } from '@mikro-orm/postgresql';
import { serviceOrmOptions, type ServiceDatabase } from '@uehub/database';
import { compareWithReplay, outOfBandMark, storeTables, type RebuildReport, type RebuildTarget } from '@uehub/event-store';
import { connectNatsWhenUp, drainNats, inboxPrefixOf, isNatsProcess, type NatsConnection } from '@uehub/messaging';
import type { ServiceConfig } from './service-config';

/**
 * `main.js rebuild`: a service's consistency check as a command (its report; `ok: false` exits
 * with 1). Reads its own events over the direct URL (one long REPEATABLE READ transaction, not
 * for a transaction pooler) and, for a replica of another service's events, the event stream
 * as the service itself.
 */
export async function rebuildCommand(config: ServiceConfig, db: ServiceDatabase, targets: (nc: NatsConnection) => RebuildTarget[]): Promise<RebuildReport> {
  if (!isNatsProcess(config.service)) throw new Error(`Unknown service "${config.service}"`);
  const orm = await MikroORM.init(serviceOrmOptions(db, config.database.directUrl, `uehub-${config.service}-rebuild`));
  try {
    const nc = await connectNatsWhenUp(config.natsUrl, `uehub-${config.service}-rebuild`, config.startupTimeoutMs, {
      auth: config.natsAuth,
      inboxPrefix: inboxPrefixOf(config.subjectPrefix, config.service),
    });
    try {
      // a clean check explains the out-of-band changes seen before it (health stops showing drift)
      const mark = await outOfBandMark(orm.em.fork(), storeTables(config.service));
      const report = await compareWithReplay(orm.em.fork(), targets(nc));
      if (report.ok) await mark.explain();
      return report;
    } finally {
      await drainNats(nc);
    }
  } finally {
    await orm.close(true);
  }
}
