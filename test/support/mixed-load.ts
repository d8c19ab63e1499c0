// A mixed write load through the gateway (items, stock movements, users, punches) in which every
// write carries an Idempotency-Key and is retried with it until it gets a definite answer, so
// afterwards the test knows exactly which writes the system acknowledged.
import { randomUUID } from 'node:crypto';
import type { ItemView, ShiftView, UserView } from '@uehub/contracts';
import { login, type Api, type ApiResponse } from './http-client';
import type { MoveResult } from './inventory';
import { createOnePerRole, PASSWORD } from './people';

export interface LoadActors {
  manager: string;
  employee: string;
  admin: string;
  /** One worker's token per lane (each lane punches for its own worker). */
  workers: string[];
}

/** Makes the load's users (one per role, and a worker per lane) as the superadmin, and logs them in. */
export async function createLoadActors(api: Api, superToken: string, tag: string, lanes: number): Promise<LoadActors> {
  const people = await createOnePerRole(api, superToken, tag);
  const workers: string[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const email = `worker${lane}.${tag}@example.com`;
    const created = await api('POST', '/api/v1/users', { token: superToken, body: { email, password: PASSWORD, name: `Worker ${lane}`, role: 'worker' } });
    if (created.status !== 201) throw new Error(`creating worker ${lane} failed: ${created.status}`);
    workers.push(await login(api, email, PASSWORD));
  }
  return { manager: people.manager.token, employee: people.employee.token, admin: people.admin.token, workers };
}

export interface LoadOutcome {
  /** Acknowledged items with the quantity the acknowledged movements leave. */
  items: Map<string, number>;
  /** Event ids of acknowledged movements. */
  movements: string[];
  users: string[];
  /** Shift ids of acknowledged punches (one entry per punch). */
  punches: string[];
  /** Final answers by status. */
  statuses: Record<number, number>;
  /** Tries that got no definite answer (5xx, 409 in flight, network error) and were retried. */
  retries: number;
  /** Those tries by what they got (a status, or `network`). */
  indefinite: Record<string, number>;
}

type Write<T> = () => Promise<ApiResponse<T>>;

export function newLoadOutcome(): LoadOutcome {
  return { items: new Map(), movements: [], users: [], punches: [], statuses: {}, retries: 0, indefinite: {} };
}

/** A write with an Idempotency-Key of its own, the same on every try. */
const keyedWrite =
  (api: Api) =>
  <T>(method: string, path: string, token: string, body: unknown): Write<T> => {
    const key = randomUUID();
    return () => api.untyped<T>(method, path, { token, body, headers: { 'idempotency-key': key } });
  };

/** Creates an item (qty 10), trying again with the same key until a definite answer; records it in `outcome` when acknowledged. */
export async function createItemDefinitely(api: Api, token: string, outcome: LoadOutcome, deadline: number): Promise<ApiResponse<ItemView> | undefined> {
  const write = keyedWrite(api)<ItemView>('POST', '/api/v1/inventory/items', token, { sku: `L-${randomUUID()}`, name: 'Load item', location: 'Depot', qty: 10 });
  const created = await definite(write, outcome, deadline);
  if (created?.status === 201) outcome.items.set(created.body.id, 10);
  return created;
}
/** Retried: the outcome is unknown, or a concurrent try with the same key still runs. */
const INDEFINITE = (status: number, code?: string) => status >= 500 || (status === 409 && code === 'CONCURRENT_MODIFICATION');

async function definite<T>(write: Write<T>, outcome: LoadOutcome, deadline: number): Promise<ApiResponse<T> | undefined> {
  for (let attempt = 0; ; attempt++) {
    const response = await write().catch(() => undefined);
    const code = (response?.body as { code?: string } | undefined)?.code;
    if (response && !INDEFINITE(response.status, code)) {
      outcome.statuses[response.status] = (outcome.statuses[response.status] ?? 0) + 1;
      return response;
    }
    if (Date.now() > deadline) throw new Error(`a write got no definite answer before the deadline (last ${response?.status ?? 'network error'} ${code ?? ''})`);
    outcome.retries += 1;
    const got = String(response?.status ?? 'network');
    outcome.indefinite[got] = (outcome.indefinite[got] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1000)));
  }
}

/**
 * Runs `lanes` concurrent clients for `iterations` writes each (or, with `until`, until it returns
 * true); `onProgress(done)` lets a test inject a fault mid-load.
 */
export async function runMixedLoad(
  api: Api,
  actors: LoadActors,
  { iterations, until, retryForMs = 60_000, onProgress }: { iterations: number; until?: () => boolean; retryForMs?: number; onProgress?: (done: number) => void },
): Promise<LoadOutcome> {
  const outcome = newLoadOutcome();
  let done = 0;
  const write = keyedWrite(api);
  const lane = async (worker: string, laneIndex: number) => {
    const deadline = () => Date.now() + retryForMs;
    let open = false;
    for (let i = 0; until ? !until() : i < iterations; i++) {
      const itemIds = [...outcome.items.keys()];
      const itemId = itemIds[(i * 7 + laneIndex) % Math.max(itemIds.length, 1)];
      const step = itemId ? i % 5 : 0;
      if (step === 0) {
        await createItemDefinitely(api, actors.manager, outcome, deadline());
      } else if (step === 1 || step === 2) {
        const kind = step === 1 ? 'receive' : 'issue';
        const quantity = 1 + (i % 3);
        const moved = await definite(write<MoveResult>('POST', `/api/v1/inventory/items/${itemId}/movements`, actors.employee, { kind, quantity }), outcome, deadline());
        if (moved?.status === 201) {
          outcome.movements.push(moved.body.movement.id);
          outcome.items.set(itemId, outcome.items.get(itemId)! + (kind === 'receive' ? quantity : -quantity));
        }
      } else if (step === 3 && i % 10 === 3) {
        const email = `load.${randomUUID()}@example.com`;
        const user = await definite(write<UserView>('POST', '/api/v1/users', actors.admin, { email, password: PASSWORD, name: 'Load user', role: 'employee' }), outcome, deadline());
        if (user?.status === 201) outcome.users.push(user.body.id);
      } else {
        const punched = await definite(write<ShiftView>('POST', `/api/v1/timeclock/${open ? 'clock-out' : 'clock-in'}`, worker, {}), outcome, deadline());
        if (punched && punched.status < 300) {
          outcome.punches.push(punched.body.id);
          open = !open;
        }
      }
      onProgress?.(++done);
    }
  };
  await Promise.all(actors.workers.map((worker, index) => lane(worker, index)));
  return outcome;
}
