import type { EntityManager } from '@mikro-orm/postgresql';
import type { ShiftHistoryEntry } from '@uehub/contracts';
import { storeTables } from '@uehub/event-store';

const EVENTS = storeTables('timeclock').events;

/** Every version of a shift from its events: the original punches and each correction, with who, when and why. */
export async function shiftHistory(em: EntityManager, shiftId: string): Promise<ShiftHistoryEntry[]> {
  const rows = await em.execute<{ stream_version: number; event_type: string; occurred_at: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[]>(
    `select stream_version, event_type, occurred_at, data, metadata from ${EVENTS} where stream_id = ? order by stream_version`,
    [shiftId],
  );
  return rows.map((row) => {
    const actor = row.metadata.actor as { id?: string } | undefined;
    const changes = (row.metadata.changes as ShiftHistoryEntry['changes'] | undefined) ?? null;
    return {
      version: row.stream_version,
      type: row.event_type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorId: actor?.id ?? 'unknown',
      reason: typeof row.data.reason === 'string' ? row.data.reason : null,
      data: row.data,
      changes,
    };
  });
}
