import type { EntityManager } from '@mikro-orm/postgresql';
import { writeFileSync } from 'node:fs';
import { runToEnd } from './bench-processes';

/** The Debian package that ships pgbench on these machines (PostgreSQL 15). */
export const PGBENCH_INSTALL_HINT = 'pgbench is missing: on Debian install it with `apt-get install postgresql-15` (the server package ships /usr/lib/postgresql/15/bin/pgbench), or set BENCH_PGBENCH';

/** The user id pgbench client n punches as (seeded into the replica beforehand). */
const USER = `('00000000-0000-7000-8000-' || lpad(:client_id::text, 12, '0'))`;
const SHIFT_COLUMNS =
  'id, user_id, started_at, ended_at, breaks, location, job, note, geo, flag, start_device_time, start_received_at, start_punch_id, end_device_time, end_received_at, end_punch_id, created_at, updated_at, version';
const UPSERT = `on conflict (id) do update set ${SHIFT_COLUMNS.split(', ')
  .slice(1)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

/** The statements one punch runs in the service, in the same order (shared command handler, user lock, period lock, projector). */
function punch(type: 'started' | 'ended', version: number, event: string, shiftRow: string): string {
  const data = `jsonb_build_object('at', clock_timestamp(), 'deviceTime', null, 'receivedAt', clock_timestamp(), 'punchId', null, 'reason', null, 'userId', :uid::text, 'note', null, 'geo', null${type === 'started' ? ", 'location', null, 'job', null" : ''})`;
  const meta = `jsonb_build_object('actor', jsonb_build_object('kind', 'user', 'id', :uid::text, 'role', 'worker'), 'correlationId', gen_random_uuid(), 'causationId', gen_random_uuid())`;
  const envelope = `jsonb_build_object('id', :${event}::text, 'type', 'timeclock.shift.${type}', 'schemaVersion', 1, 'stream', jsonb_build_object('type', 'shift', 'id', :sid::text, 'version', ${version}), 'occurredAt', clock_timestamp(), 'data', ${data}) || ${meta}`;
  return [
    'begin;',
    "select set_config('statement_timeout', '9000ms', true), set_config('uehub.writer', 'timeclock', true);",
    `select is_active from timeclock.timeclock_user_refs where id = :uid::uuid for update;`,
    `select * from timeclock.timeclock_settings where id = '00000000-0000-7000-8000-00000000c10c';`,
    `select to_char(week, 'YYYY-MM-DD') as week, status from timeclock.timeclock_timesheets where user_id = :uid::uuid and week = any(array[date_trunc('week', now())::date]) for share;`,
    `select id from timeclock.timeclock_shifts where user_id = :uid::uuid and ended_at is null;`,
    type === 'started'
      ? `select id from timeclock.timeclock_shifts where user_id = :uid::uuid and ended_at is not null and ended_at > now() order by ended_at desc limit 1;`
      : `select * from timeclock.timeclock_shifts where id = :sid::uuid;`,
    `select * from timeclock.timeclock_shifts where id = :sid::uuid for update;`,
    // the event, its outbox row and the shift row in one statement, as EventStore.append sends them
    `with e as (insert into timeclock.timeclock_events (stream_type, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       values ('shift', :sid::uuid, ${version}, :${event}::uuid, 'timeclock.shift.${type}', 1, ${data}, ${meta}, clock_timestamp()) returning event_id),
     o as (insert into timeclock.timeclock_outbox (event_id, subject, envelope) select event_id, 'bench.events.timeclock.shift.${type}', ${envelope} from e)
     insert into timeclock.timeclock_shifts (${SHIFT_COLUMNS}) values (${shiftRow}) ${UPSERT};`,
    'commit;',
  ].join('\n');
}

/** One pgbench transaction = one clock-in/clock-out pair of the client's own user, as the service runs it. */
export function pgbenchPairScript(): string {
  const started = `:sid::uuid, :uid::uuid, :at::timestamptz, null, '[]', null, null, null, null, null, null, :at::timestamptz, null, null, null, null, :at::timestamptz, :at::timestamptz, 1`;
  const ended = `:sid::uuid, :uid::uuid, :at::timestamptz, clock_timestamp(), '[]', null, null, null, null, null, null, :at::timestamptz, null, null, clock_timestamp(), null, :at::timestamptz, clock_timestamp(), 2`;
  return [
    `select gen_random_uuid() as sid, gen_random_uuid() as e1, gen_random_uuid() as e2, ${USER} as uid, clock_timestamp() as at \\gset`,
    // requireActive: read before the command transaction
    `select is_active from timeclock.timeclock_user_refs where id = :uid::uuid;`,
    punch('started', 1, 'e1', started),
    punch('ended', 2, 'e2', ended),
    '',
  ].join('\n');
}

/** Replica rows for pgbench clients 0..n-1 (ids as USER builds them). */
export async function seedPgbenchUsers(em: EntityManager, clients: number): Promise<void> {
  await em.execute(
    `insert into timeclock.timeclock_user_refs (id, email, name, role, is_active, version)
     select ('00000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, 'pgbench' || g || '@bench.local', 'pgbench ' || g, 'worker', true, 1
       from generate_series(0, ? - 1) g on conflict (id) do nothing`,
    [clients],
  );
}

/** Pairs per second pgbench reached with `clients` connections for `seconds`. */
export async function runPgbench(pgbench: string, databaseUrl: string, scriptFile: string, clients: number, seconds: number): Promise<number> {
  writeFileSync(scriptFile, pgbenchPairScript());
  const url = new URL(databaseUrl);
  const env: Record<string, string> = { PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres'), PGDATABASE: url.pathname.slice(1) };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), '-f', scriptFile];
  return parsePgbenchTps(await runToEnd('pgbench', pgbench, args, env));
}

/** The tps pgbench printed (one transaction of the script is one pair). */
export function parsePgbenchTps(output: string): number {
  const failed = /number of failed transactions: (\d+)/.exec(output);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench had ${failed[1]} failed transactions:\n${output}`);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output) ?? /tps = ([\d.]+)/.exec(output);
  if (!tps) throw new Error(`no tps in pgbench's output:\n${output}`);
  return Number(tps[1]);
}
