import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@uehub/contracts';
import { foldEnvelopes, type Folded } from './decider';
import type { NewEvent } from './event-store';
import { STORED_EVENT_COLUMNS, storedEnvelope, type StoredEventRow } from './stored-envelope';

/** How a live table compares with its rebuilt twin. */
export interface TableCheck {
  live: number;
  rebuilt: number;
  /** Rows in one and not the other (a changed row counts twice: the live one and its rebuilt twin). */
  differing: number;
  /** Rows the events have gone past (a replica still catching up); not a difference. */
  behind?: number;
}

export interface RebuildReport {
  ok: boolean;
  events: number;
  tables: Record<string, TableCheck>;
}

/** One live table of a rebuild check and how to rebuild it from events through the pure `evolve`. */
export interface RebuildTarget {
  /** Its name in the report. */
  name: string;
  /** The schema-qualified live table. */
  live: string;
  /** The columns compared (all by default). */
  columns?: string;
  /** Whether the scratch copy takes the live table's indexes (a fill that upserts needs its key); off, inserts are faster. */
  indexes?: boolean;
  /**
   * Writes the rebuilt rows into `scratch` (an empty copy of the live table); says how many events
   * it folded. Without one, another target fills this one's scratch table (`scratchTableOf(live)`)
   * in the same pass over the events (inventory's ledger, written with its items).
   */
  fill?(tx: EntityManager, scratch: string): Promise<{ events: number; behind?: number }>;
}

/** The temporary copy of a live table that a rebuild writes into (dropped at the check's commit). */
export function scratchTableOf(live: string): string {
  return `pg_temp.${live.split('.').pop()}_rebuild`;
}

/**
 * The consistency check of every service: each target is rebuilt from events into a temporary
 * copy of its live table and compared row by row, all in one REPEATABLE READ transaction (events
 * and live rows from one snapshot while the service keeps running). The targets fold events
 * through the pure `evolve` functions: an independent path from the command handler (or the
 * consumer) that wrote the live rows.
 */
export async function compareWithReplay(em: EntityManager, targets: RebuildTarget[]): Promise<RebuildReport> {
  return em.transactional(
    async (tx) => {
      for (const { live, indexes } of targets) {
        const scratch = scratchTableOf(live).slice('pg_temp.'.length);
        await tx.execute(`create temp table ${scratch} (like ${live} including defaults${indexes ? ' including indexes' : ''}) on commit drop`);
      }
      let events = 0;
      const behind = new Map<string, number>();
      for (const target of targets) {
        const filled = await target.fill?.(tx, scratchTableOf(target.live));
        events += filled?.events ?? 0;
        if (filled?.behind !== undefined) behind.set(target.name, filled.behind);
      }
      const tables: Record<string, TableCheck> = {};
      for (const target of targets) {
        const check = await compareTables(tx, target.live, scratchTableOf(target.live), target.columns ?? '*');
        tables[target.name] = behind.has(target.name) ? { ...check, behind: behind.get(target.name) } : check;
      }
      return { ok: Object.values(tables).every((t) => t.differing === 0), events, tables };
    },
    { isolationLevel: 'repeatable read' },
  );
}

async function compareTables(tx: EntityManager, live: string, rebuilt: string, columns: string): Promise<TableCheck> {
  const [row] = await tx.execute<TableCheck[]>(
    `select (select count(*) from ${live})::int as live, (select count(*) from ${rebuilt})::int as rebuilt,
            (select count(*) from ((select ${columns} from ${live} except all select ${columns} from ${rebuilt})
              union all (select ${columns} from ${rebuilt} except all select ${columns} from ${live})) d)::int as differing`,
  );
  return row;
}

/** Events per page: large pages, each written with one statement per table (measured by `npm run bench:rebuild`). */
const PAGE = 5000;

/**
 * Reads a service's stored events of some stream types as envelopes, in (stream, version) order,
 * a page at a time, so a rebuild holds one page and the streams it is folding, not the whole log.
 * The next page is asked for as soon as one arrives, so PostgreSQL reads it while this one is
 * folded. Returns how many it read.
 */
export async function readStoredEnvelopes(
  tx: EntityManager,
  eventsTable: string,
  streamTypes: readonly string[],
  onPage: (envelopes: EventEnvelope[]) => Promise<void> | void,
): Promise<number> {
  const page = (from: { streamId: string; version: number }) => {
    const rows = tx.execute<StoredEventRow[]>(
      `select ${STORED_EVENT_COLUMNS} from ${eventsTable} where stream_type in (?) and (stream_id, stream_version) > (?::uuid, ?)
        order by stream_id, stream_version limit ?`,
      [streamTypes, from.streamId, from.version, PAGE],
    );
    rows.catch(() => undefined); // a failure is thrown where the page is awaited, never left unhandled
    return rows;
  };
  let read = 0;
  for (let next: Promise<StoredEventRow[]> | undefined = page({ streamId: '00000000-0000-0000-0000-000000000000', version: 0 }); next; ) {
    const rows: StoredEventRow[] = await next;
    const last = rows[rows.length - 1];
    next = rows.length < PAGE ? undefined : page({ streamId: last.stream_id, version: last.stream_version });
    await onPage(rows.map(storedEnvelope));
    read += rows.length;
  }
  return read;
}

/** Every stream of one type folded from its first event through a pure `evolve` (the rebuild's fold). */
export async function foldStoredStreams<S>(
  tx: EntityManager,
  eventsTable: string,
  streamType: string,
  evolve: (state: S, event: NewEvent) => S,
  initialState: S,
): Promise<{ streams: Map<string, Folded<S>>; events: number }> {
  const streams = new Map<string, Folded<S>>();
  const events = await readStoredEnvelopes(tx, eventsTable, [streamType], (page) => {
    for (const e of page) {
      const folded = foldEnvelopes(evolve, streams.get(e.stream.id), initialState, [e]);
      if (folded) streams.set(e.stream.id, folded);
    }
  });
  return { streams, events };
}

/** A live table whose rows are the folded streams of one type: how to fold them, and how to write them. */
export interface FoldedTableSpec<S> extends Omit<RebuildTarget, 'fill'> {
  eventsTable: string;
  streamType: string;
  evolve: (state: S, event: NewEvent) => S;
  initialState: S;
  /** Writes the folded streams into the scratch table, as the projector writes live rows. */
  write(tx: EntityManager, scratch: string, streams: Map<string, Folded<S>>): Promise<void>;
}

/** The rebuild target of a table of folded streams (`foldStoredStreams`, then `write`). */
export function foldedTableTarget<S>(spec: FoldedTableSpec<S>): RebuildTarget {
  const { eventsTable, streamType, evolve, initialState, write, ...target } = spec;
  return {
    ...target,
    async fill(tx, scratch) {
      const { streams, events } = await foldStoredStreams(tx, eventsTable, streamType, evolve, initialState);
      await write(tx, scratch, streams);
      return { events };
    },
  };
}
