import { storeTables } from '@uehub/event-store';
import { AUDIT_RECORDS } from '../audit-tables';

/** Runs one read-only query on a database (a pg client, or an EntityManager's `execute`). */
export type Query = <T extends object>(sql: string, params: unknown[]) => Promise<T[]>;

/** A service whose event store is compared with the audit log. */
export interface EventStoreSource {
  service: string;
  query: Query;
}

export type ReconcileProblem = 'missing-from-audit' | 'not-in-any-store';

export interface ReconcileFinding {
  service: string;
  eventId: string;
  problem: ReconcileProblem;
}

export interface ReconcileResult {
  ok: boolean;
  /** Events that occurred before this time were compared (later ones may still be on their way). */
  cutoff: string;
  services: { service: string; store: number; audit: number; missingFromAudit: number; notInStore: number }[];
  /** Audit records of services that have no event store here (not counting the audit's own records). */
  unknownService: number;
  /** The first findings, in event id order per service (the counts above are complete). */
  findings: ReconcileFinding[];
}

export interface ReconcileOptions {
  /** Only events that occurred before now minus this are compared (default 5 minutes: the relay and the consumer may lag). */
  graceMs?: number;
  pageSize?: number;
  maxFindings?: number;
  now?: Date;
}

const DEFAULT_GRACE_MS = 5 * 60_000;

/**
 * Compares each service's event store with the audit log by event id: an event in a store and
 * not in the audit log is `missing-from-audit`; an audit record of that service whose event no
 * store has is `not-in-any-store`, as is every record of a service with no store. Both sides
 * are read in event id order, a page at a time, and merged: memory stays bounded, and the
 * stores may live in other databases than the audit log. The audit's own records (reads,
 * exports, verifications) have no store and are left out.
 */
export async function reconcileAudit(audit: Query, stores: readonly EventStoreSource[], options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? DEFAULT_GRACE_MS)).toISOString();
  const pageSize = options.pageSize ?? 5000;
  const maxFindings = options.maxFindings ?? 100;
  const findings: ReconcileFinding[] = [];
  const note = (finding: ReconcileFinding) => findings.length < maxFindings && findings.push(finding);
  const services: ReconcileResult['services'] = [];
  for (const { service, query } of stores) {
    const events = storeTables(service).events;
    const storeIds = idPages(query, `select event_id::text as id from ${events} e where e.event_id > ?::uuid and e.occurred_at < ?::timestamptz order by e.event_id limit ?`, [cutoff], pageSize);
    const auditIds = idPages(audit, `select event_id::text as id from ${AUDIT_RECORDS} r where r.event_id > ?::uuid and r.service = ? and r.occurred_at < ?::timestamptz order by r.event_id limit ?`, [service, cutoff], pageSize);
    const counts = { service, store: 0, audit: 0, missingFromAudit: 0, notInStore: 0 };
    for await (const { side, id } of mergeIds(storeIds, auditIds)) {
      if (side !== 'audit') counts.store += 1;
      if (side !== 'store') counts.audit += 1;
      if (side === 'store') {
        counts.missingFromAudit += 1;
        note({ service, eventId: id, problem: 'missing-from-audit' });
      } else if (side === 'audit') {
        counts.notInStore += 1;
        note({ service, eventId: id, problem: 'not-in-any-store' });
      }
    }
    services.push(counts);
  }
  const known = ['audit', ...stores.map((store) => store.service)];
  let unknownService = 0;
  const others = audit<{ id: string; service: string }>(
    `select event_id::text as id, service from ${AUDIT_RECORDS} r where r.service <> all(?::text[]) and r.occurred_at < ?::timestamptz order by r.event_id limit ?`,
    [`{${known.join(',')}}`, cutoff, maxFindings + 1],
  );
  for (const row of await others) note({ service: row.service, eventId: row.id, problem: 'not-in-any-store' });
  const [{ count }] = await audit<{ count: string }>(`select count(*)::text as count from ${AUDIT_RECORDS} r where r.service <> all(?::text[]) and r.occurred_at < ?::timestamptz`, [`{${known.join(',')}}`, cutoff]);
  unknownService = Number(count);
  const ok = unknownService === 0 && services.every((s) => s.missingFromAudit === 0 && s.notInStore === 0);
  return { ok, cutoff, services, unknownService, findings };
}

/** Ids from a keyset-paged query (`> ?` first, `limit ?` last), in order. */
async function* idPages(query: Query, sql: string, params: unknown[], pageSize: number): AsyncGenerator<string> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await query<{ id: string }>(sql, [after, ...params, pageSize]);
    for (const row of rows) yield row.id;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

/** Merges two ordered id streams: each id once, with the side(s) it is on. */
async function* mergeIds(store: AsyncGenerator<string>, audit: AsyncGenerator<string>): AsyncGenerator<{ side: 'store' | 'audit' | 'both'; id: string }> {
  let s = await store.next();
  let a = await audit.next();
  while (!s.done || !a.done) {
    if (a.done || (!s.done && s.value < a.value)) {
      yield { side: 'store', id: s.value as string };
      s = await store.next();
    } else if (s.done || a.value < s.value) {
      yield { side: 'audit', id: a.value };
      a = await audit.next();
    } else {
      yield { side: 'both', id: s.value };
      s = await store.next();
      a = await audit.next();
    }
  }
}
