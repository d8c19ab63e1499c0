import type { EntityManager } from '@mikro-orm/postgresql';

/** How long the payroll export of one week took through the gateway. */
export interface PayrollFigures {
  users: number;
  rows: number;
  bytes: number;
  csvMedianMs: number;
  csvMaxMs: number;
  jsonMedianMs: number;
}

const RUNS = 5;
const FIGURES = { workedMinutes: 2550, paidBreakMinutes: 0, unpaidBreakMinutes: 150, regularMinutes: 2400, overtimeMinutes: 150 };

/**
 * `users` workers with five 8.5 h shifts each in `week` (a Monday) and the week approved, written
 * straight into timeclock's projection tables: the export reads only those (users, timesheets).
 */
export async function seedPayrollWeek(em: EntityManager, users: number, week: string): Promise<void> {
  await em.execute(
    `insert into timeclock.timeclock_user_refs (id, email, name, role, department, is_active, version)
     select gen_random_uuid(), 'payroll' || g || '@bench.local', 'Payroll ' || lpad(g::text, 6, '0'), 'worker', 'Depot ' || (g % 10), true, 1
       from generate_series(1, ?) g`,
    [users],
  );
  const payrollUsers = `select id from timeclock.timeclock_user_refs where email like 'payroll%@bench.local'`;
  await em.execute(
    `insert into timeclock.timeclock_shifts (id, user_id, started_at, ended_at, breaks, start_received_at, end_received_at, created_at, updated_at, version)
     select gen_random_uuid(), u.id, ?::date + d * interval '1 day' + interval '8 hours', ?::date + d * interval '1 day' + interval '16 hours 30 minutes',
            '[]', now(), now(), now(), now(), 2
       from (${payrollUsers}) u, generate_series(0, 4) d`,
    [week, week],
  );
  await em.execute(
    `insert into timeclock.timeclock_timesheets (id, user_id, week, status, exact, rounded, created_at, updated_at, version)
     select gen_random_uuid(), u.id, ?::date, 'approved', ?::jsonb, ?::jsonb, now(), now(), 2 from (${payrollUsers}) u`,
    [week, JSON.stringify(FIGURES), JSON.stringify(FIGURES)],
  );
  await em.execute('analyze timeclock.timeclock_user_refs, timeclock.timeclock_timesheets, timeclock.timeclock_shifts');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n: number) => Math.round(n * 10) / 10;

/** Times `GET /timeclock/exports/payroll?week=` (CSV, then JSON) after one warm-up call. */
export async function timePayrollExport(baseUrl: string, token: string, week: string, users: number): Promise<PayrollFigures> {
  const get = async (accept: string): Promise<{ ms: number; body: string }> => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/timeclock/exports/payroll?week=${week}`, { headers: { authorization: `Bearer ${token}`, accept } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`payroll export answered ${response.status}: ${body.slice(0, 500)}`);
    return { ms: performance.now() - started, body };
  };
  await get('text/csv');
  const csv: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await get('text/csv');
    csv.push(run.ms);
    bytes = Buffer.byteLength(run.body);
  }
  const json: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await get('application/json');
    json.push(run.ms);
    rows = (JSON.parse(run.body) as { items: { status: string }[] }).items.filter((r) => r.status === 'approved').length;
  }
  return { users, rows, bytes, csvMedianMs: round(median(csv)), csvMaxMs: round(Math.max(...csv)), jsonMedianMs: round(median(json)) };
}
