import { metrics } from '@uehub/observability';
import type { ClaimedRow, OutboxClaims } from './outbox-claims';
import { BrokerOutage, type RelayLog, type RowPublisher } from './relay-publisher';

export interface PassContext {
  relayId: string;
  claims: OutboxClaims;
  publisher: RowPublisher;
  /** Undefined when JetStream would take the subject; else why it refuses everything. */
  probe: (subject: string) => Promise<string | undefined>;
  log: RelayLog;
  service: string;
  maxAttempts: number;
  retryDelayMs: (attempts: number) => number;
  onPublished?: (eventIds: string[]) => Promise<void>;
}

interface Failure {
  row: ClaimedRow;
  error: string;
}

/**
 * Publishes claimed rows: the streams side by side, each stream's rows one after another in
 * position order, stopping a stream at its first failure (its later rows go back unclaimed, so
 * the order holds). Marks what JetStream acknowledged, then counts the failures against their
 * rows, unless nothing went through and JetStream refuses everything (`BrokerOutage`).
 * Returns how many rows were published.
 */
export async function publishPass(rows: ClaimedRow[], ctx: PassContext): Promise<number> {
  const streams = new Map<string, ClaimedRow[]>();
  for (const row of rows) streams.set(row.streamId, [...(streams.get(row.streamId) ?? []), row]);
  const published: ClaimedRow[] = [];
  const failures: Failure[] = [];
  const behind: ClaimedRow[] = [];
  await Promise.all(
    [...streams.values()].map(async (streamRows) => {
      for (const [index, row] of streamRows.entries()) {
        try {
          await ctx.publisher(row);
          published.push(row);
        } catch (error) {
          failures.push({ row, error: error instanceof Error ? error.message : String(error) });
          behind.push(...streamRows.slice(index + 1));
          return;
        }
      }
    }),
  );
  if (published.length > 0) {
    await ctx.onPublished?.(published.map((row) => row.eventId));
    await ctx.claims.markPublished(published);
    metrics.outboxPublished.inc({ service: ctx.service }, published.length);
  }
  await ctx.claims.release(ctx.relayId, behind);
  if (failures.length === 0) return published.length;
  const refusal = published.length === 0 ? await ctx.probe(failures[0].row.subject) : undefined;
  if (refusal !== undefined) {
    await ctx.claims.release(ctx.relayId, failures.map((failure) => failure.row));
    throw new BrokerOutage(`${failures[0].error} (${refusal})`);
  }
  for (const { row, error } of failures) await countFailure(row, error, ctx);
  return published.length;
}

async function countFailure(row: ClaimedRow, error: string, ctx: PassContext): Promise<void> {
  const { attempts, parked } = await ctx.claims.recordFailure(row, error, ctx.retryDelayMs(row.attempts + 1), ctx.maxAttempts);
  metrics.outboxPublishFailures.inc({ service: ctx.service });
  const fields = { eventId: row.eventId, subject: row.subject, streamId: row.streamId, attempts, err: error };
  if (parked) {
    metrics.outboxParked.inc({ service: ctx.service });
    ctx.log.error(fields, 'outbox row parked after repeated publish failures; its stream waits for an operator retry (dead letters)');
  } else {
    ctx.log.warn(fields, 'JetStream refused an outbox row; it will be retried with back-off');
  }
}
