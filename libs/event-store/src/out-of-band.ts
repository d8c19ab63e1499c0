import type { EntityManager } from '@mikro-orm/postgresql';
import { DB_STREAM_TYPE } from '@uehub/contracts';
import { quoteIdent } from '@uehub/database';
import type { StoreTables } from './tables';

/**
 * The transaction-local setting that marks a write as the service's own (command handler,
 * consumers): the out-of-band trigger records every row change made without it.
 */
export const SERVICE_WRITER_SETTING = 'uehub.writer';

/** The setting that marks a transaction's writes as the service's own. */
export function serviceWriterSettings(tables: StoreTables): Record<string, string> {
  return { [SERVICE_WRITER_SETTING]: tables.schema };
}

/** Sets transaction-local settings (`set_config(..., true)`: they end with the transaction) in one statement. */
export async function setLocal(tx: EntityManager, settings: Record<string, string>): Promise<void> {
  const entries = Object.entries(settings);
  if (entries.length === 0) return;
  await tx.execute(`select ${entries.map(() => 'set_config(?, ?, true)').join(', ')}`, entries.flat());
}

/** Marks the rest of this transaction as the service's own writes. */
export async function markServiceWriter(tx: EntityManager, tables: StoreTables): Promise<void> {
  await setLocal(tx, serviceWriterSettings(tables));
}

/** Names of the out-of-band capture objects of one service. */
function captureNames(t: StoreTables) {
  const schema = quoteIdent(t.schema);
  return {
    capture: `${schema}.${quoteIdent(`${t.prefix}_db_capture`)}`,
    trigger: `${schema}.${quoteIdent(`${t.prefix}_out_of_band`)}`,
    record: `${schema}.${quoteIdent(`${t.prefix}_record_out_of_band`)}`,
    eventType: `${t.schema}.db.out_of_band_change`,
  };
}

/**
 * DDL that puts the out-of-band trigger on `projectionTables` (schema-qualified): a row change
 * made without `SERVICE_WRITER_SETTING` (a DBA's UPDATE, a restore) is appended, with the rows
 * before and after, the roles and the time, to the service's `db` stream and its outbox as
 * `<service>.db.out_of_band_change`, so the relay publishes it and audit records it. The trigger
 * runs as the caller (so `current_user` is theirs); the append runs as the owner (SECURITY
 * DEFINER), so a role allowed to change a row need not be allowed to write the event store; the
 * append refuses to run outside a trigger, so nobody calls it directly to forge an entry.
 */
export function outOfBandDdl(t: StoreTables, projectionTables: readonly string[]): string[] {
  const { capture, trigger, record, eventType } = captureNames(t);
  const statements = [
    `create table if not exists ${capture} (
      singleton boolean primary key default true check (singleton),
      stream_id uuid not null default gen_random_uuid(),
      subject_prefix text,
      explained_version integer not null default 0
    )`,
    `insert into ${capture} (singleton) values (true) on conflict do nothing`,
    `create or replace function ${record}(change jsonb, changes jsonb) returns void
       language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
     declare
       cap record; next_version integer; id uuid := gen_random_uuid(); envelope jsonb;
     begin
       -- only the capture trigger records a change: a direct call (a role forging an entry) is refused;
       -- a trigger of one's own would need the TRIGGER privilege, which no runtime role has
       if pg_trigger_depth() = 0 then
         raise exception 'out-of-band changes are recorded by the capture trigger only' using errcode = '42501';
       end if;
       perform pg_advisory_xact_lock(hashtext('${capture}'));
       select stream_id, subject_prefix into cap from ${capture};
       select coalesce(max(stream_version), 0) + 1 into next_version from ${t.events} where stream_id = cap.stream_id;
       envelope := jsonb_build_object('id', id, 'type', '${eventType}', 'schemaVersion', 1,
         'stream', jsonb_build_object('type', '${DB_STREAM_TYPE}', 'id', cap.stream_id, 'version', next_version),
         'occurredAt', change->>'at', 'actor', jsonb_build_object('kind', 'system', 'id', 'db:' || (change->>'sessionUser')),
         'correlationId', id::text, 'causationId', id::text, 'data', change);
       if changes is not null then envelope := envelope || jsonb_build_object('changes', changes); end if;
       insert into ${t.events} (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
         values ('${DB_STREAM_TYPE}', cap.stream_id, next_version, id, '${eventType}', 1, change,
                 envelope - 'id' - 'type' - 'schemaVersion' - 'stream' - 'occurredAt' - 'data', (change->>'at')::timestamptz);
       insert into ${t.outbox} (event_id, subject, envelope)
         values (id, coalesce(cap.subject_prefix, 'uehub') || '.events.${eventType}', envelope);
     end $$`,
    `create or replace function ${trigger}() returns trigger language plpgsql as $$
     declare
       old_row jsonb; new_row jsonb; changes jsonb;
     begin
       if current_setting('${SERVICE_WRITER_SETTING}', true) = '${t.schema}' then return null; end if;
       if TG_LEVEL = 'ROW' and TG_OP in ('UPDATE', 'DELETE') then old_row := to_jsonb(OLD); end if;
       if TG_LEVEL = 'ROW' and TG_OP in ('INSERT', 'UPDATE') then new_row := to_jsonb(NEW); end if;
       if TG_OP = 'UPDATE' then
         select jsonb_object_agg(n.key, jsonb_build_object('from', old_row -> n.key, 'to', n.value)) into changes
           from jsonb_each(new_row) n where n.value is distinct from old_row -> n.key;
       end if;
       perform ${record}(jsonb_build_object('table', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 'operation', TG_OP,
         'before', old_row, 'after', new_row, 'currentUser', current_user::text, 'sessionUser', session_user::text,
         'at', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), changes);
       return null;
     end $$`,
  ];
  for (const table of projectionTables) {
    statements.push(
      `drop trigger if exists out_of_band_change on ${table}`,
      `create trigger out_of_band_change after insert or update or delete on ${table} for each row execute function ${trigger}()`,
      `drop trigger if exists out_of_band_truncate on ${table}`,
      `create trigger out_of_band_truncate after truncate on ${table} for each statement execute function ${trigger}()`,
    );
  }
  return statements;
}

/** Tells the trigger which subject prefix this deployment publishes under (called at start; no-op without capture). */
export async function recordSubjectPrefix(em: EntityManager, t: StoreTables, subjectPrefix: string): Promise<void> {
  const { capture } = captureNames(t);
  const [found] = await em.execute<{ exists: boolean }[]>(`select to_regclass(?) is not null as exists`, [capture]);
  if (found?.exists) await em.execute(`update ${capture} set subject_prefix = ? where subject_prefix is distinct from ?`, [subjectPrefix, subjectPrefix]);
}

/** The `db` stream's version: how many out-of-band changes there ever were, and how many a clean rebuild check explained. */
async function dbStream(em: EntityManager, t: StoreTables): Promise<{ version: number; explained: number } | undefined> {
  const { capture } = captureNames(t);
  const [found] = await em.execute<{ exists: boolean }[]>(`select to_regclass(?) is not null as exists`, [capture]);
  if (!found?.exists) return undefined;
  const [row] = await em.execute<{ version: number; explained: number }[]>(
    `select coalesce((select max(stream_version) from ${t.events} e where e.stream_id = c.stream_id), 0)::int as version,
            c.explained_version as explained from ${capture} c`,
  );
  return row;
}

/** Out-of-band changes not yet explained by a clean rebuild check (undefined for a service without capture). */
export async function outOfBandDrift(em: EntityManager, t: StoreTables): Promise<{ outOfBandChanges: number } | undefined> {
  const stream = await dbStream(em, t);
  return stream && { outOfBandChanges: stream.version - stream.explained };
}

/**
 * Reads the `db` stream's version before a rebuild check; `explain` after a clean one clears the
 * drift up to that version (the projection matches the events again despite those changes).
 */
export async function outOfBandMark(em: EntityManager, t: StoreTables): Promise<{ explain(): Promise<void> }> {
  const version = (await dbStream(em, t))?.version;
  return {
    async explain() {
      if (version === undefined) return;
      await em.execute(`update ${captureNames(t).capture} set explained_version = greatest(explained_version, ?)`, [version]);
    },
  };
}
