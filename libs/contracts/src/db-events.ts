/** Services whose product tables carry the out-of-band trigger (their projections). */
export const OUT_OF_BAND_SERVICES = ['auth', 'inventory', 'timeclock', 'safety'] as const;

/** The stream type of a service's out-of-band changes: one `db` stream per service database. */
export const DB_STREAM_TYPE = 'db';

/**
 * A row change in a product table that did not come from the service's own command path (a
 * DBA's UPDATE, a restore, a script): written by the table's trigger, never by the service.
 * `before`/`after` are the whole rows (`to_jsonb`), null where the operation has none.
 */
export interface OutOfBandChange {
  table: string;
  operation: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The role the statement ran as (`current_user`) and the role that logged in (`session_user`). */
  currentUser: string;
  sessionUser: string;
  /** When the row changed (the database's clock). */
  at: string;
}

export type OutOfBandEventType = `${(typeof OUT_OF_BAND_SERVICES)[number]}.db.out_of_band_change`;

export type DbEventPayloads = { [T in OutOfBandEventType]: OutOfBandChange };

/** The out-of-band event type of one service. */
export function outOfBandEventType(service: (typeof OUT_OF_BAND_SERVICES)[number]): OutOfBandEventType {
  return `${service}.db.out_of_band_change`;
}

const entries = <V>(value: V) => Object.fromEntries(OUT_OF_BAND_SERVICES.map((s) => [outOfBandEventType(s), value])) as { [T in OutOfBandEventType]: V };

export const DB_EVENT_SCHEMA_VERSIONS = entries(1);
export const DB_EVENT_STREAM_TYPES = entries(DB_STREAM_TYPE);
