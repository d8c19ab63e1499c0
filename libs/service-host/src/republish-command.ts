import { openServiceOrm } from '@uehub/database';
import { republishEvents, storeTables } from '@uehub/event-store';
import { connectNatsWhenUp, drainNats, inboxPrefixOf, isNatsProcess, requireNatsCredentials } from '@uehub/messaging';
import type { ServiceConfig } from './service-config';

/** Reads `--from-position N` (a positive whole number). */
export function fromPositionArgument(args: string[]): bigint {
  const index = args.indexOf('--from-position');
  const value = index >= 0 ? args[index + 1] : undefined;
  if (!value || !/^[1-9]\d{0,18}$/.test(value)) throw new Error('Usage: outbox:republish --from-position <global position, 1 or more>');
  return BigInt(value);
}

/**
 * `main.js outbox:republish --from-position N`: publishes the service's stored events again
 * from that global position, after the broker lost data (consumers are idempotent).
 */
export async function republishCommand(config: ServiceConfig, args: string[]): Promise<{ ok: boolean; published: number; lastPosition: string | null }> {
  const fromPosition = fromPositionArgument(args);
  const orm = await openServiceOrm({ service: config.service, target: config.database, entities: [], migrations: [] });
  if (!isNatsProcess(config.service)) throw new Error(`Unknown service "${config.service}"`);
  requireNatsCredentials(config.natsAuth, config.production, config.service);
  // as the service itself: NATS lets it publish only its own events
  const nc = await connectNatsWhenUp(config.natsUrl, `uehub-${config.service}-republish`, config.startupTimeoutMs, {
    auth: config.natsAuth,
    inboxPrefix: inboxPrefixOf(config.subjectPrefix, config.service),
  });
  try {
    const tables = storeTables(config.service);
    const result = await republishEvents({ orm, nc, tables, subjectPrefix: config.subjectPrefix, fromPosition });
    return { ok: true, ...result };
  } finally {
    await drainNats(nc);
    await orm.close(true);
  }
}
