// Checks after a load: every write the system acknowledged is stored once and in the audit log once.
import pg from 'pg';
import { eventually } from '@uehub/testing';
import type { Api } from './http-client';
import { getItem } from './inventory';
import type { LoadOutcome } from './mixed-load';
import { BACKENDS } from './system';

export interface EventLedger {
  /** Event ids in every service's event store. */
  stored: Set<string>;
  /** Event ids in the audit log, with how often each appears. */
  audited: Map<string, number>;
}

/** Reads every service's event ids and the audit log's, straight from PostgreSQL. */
export async function readEventLedger(databaseUrl: string): Promise<EventLedger> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const stored = new Set<string>();
    for (const service of BACKENDS) {
      const rows = await db.query<{ event_id: string }>(`select event_id from ${service}.${service}_events`);
      for (const row of rows.rows) stored.add(row.event_id);
    }
    const audited = new Map<string, number>();
    for (const row of (await db.query<{ event_id: string; n: number }>('select event_id, count(*)::int as n from audit.audit_records group by event_id')).rows) {
      audited.set(row.event_id, row.n);
    }
    return { stored, audited };
  } finally {
    await db.end();
  }
}

/** Waits until the audit log holds every stored event, then returns what is missing or extra (both empty when sound). */
export async function auditMatchesStores(databaseUrl: string, timeoutMs = 30_000): Promise<{ stored: Set<string>; missing: string[]; duplicated: string[]; unknown: string[] }> {
  const ledger = await eventually(
    async () => {
      const read = await readEventLedger(databaseUrl);
      return [...read.stored].every((id) => read.audited.has(id)) ? read : undefined;
    },
    timeoutMs,
    'every stored event in the audit log',
  ).catch(() => readEventLedger(databaseUrl));
  return {
    stored: ledger.stored,
    missing: [...ledger.stored].filter((id) => !ledger.audited.has(id)),
    duplicated: [...ledger.audited].filter(([, n]) => n > 1).map(([id]) => id),
    unknown: [...ledger.audited.keys()].filter((id) => !ledger.stored.has(id)),
  };
}

/**
 * The load's verdict: no final 5xx, each item's quantity what the acknowledged movements
 * leave, every acknowledged movement stored, and the audit log holding every stored event
 * once and nothing else. Returns a one-line summary with the figures.
 */
export async function expectAcknowledgedWritesKept(api: Api, token: string, databaseUrl: string, outcome: LoadOutcome, drainMs?: number): Promise<string> {
  expect(Object.keys(outcome.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  for (const [itemId, qty] of outcome.items) expect({ itemId, qty: (await getItem(api, token, itemId)).qty }).toEqual({ itemId, qty });
  const audit = await auditMatchesStores(databaseUrl, drainMs);
  expect(outcome.movements.filter((id) => !audit.stored.has(id))).toEqual([]);
  expect({ missing: audit.missing, duplicated: audit.duplicated, unknown: audit.unknown }).toEqual({ missing: [], duplicated: [], unknown: [] });
  return (
    `${outcome.movements.length} movements, ${outcome.items.size} items, ${outcome.users.length} users, ${outcome.punches.length} punches acknowledged; ` +
    `${audit.stored.size} events, lost 0, missing from audit ${audit.missing.length}, duplicated ${audit.duplicated.length}; retried tries ${outcome.retries} ${JSON.stringify(outcome.indefinite)}; statuses ${JSON.stringify(outcome.statuses)}`
  );
}
