// Helpers of the inventory whole-system tests: items, movements and the audit trail through HTTP.
import type { AuditItem, ItemView, MovementInput, MovementView } from '@uehub/contracts';
import { eventually } from '@uehub/testing';
import type { Api, ApiResponse } from './http-client';

export type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };
export type MoveResult = { movement: MovementView; item: ItemView };

let skuCounter = 0;
/** A SKU no other call of this test process uses. */
export function uniqueSku(prefix = 'SKU'): string {
  skuCounter += 1;
  return `${prefix}-${process.pid}-${skuCounter}`;
}

export function expectProblem(response: ApiResponse<unknown>, status: number, code: string): void {
  expect({ status: response.status, code: (response.body as Problem | undefined)?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

export interface NewItem {
  sku?: string;
  name?: string;
  description?: string | null;
  location?: string;
  qty?: number;
  minQty?: number;
  userId?: string | null;
}

/** POST /inventory/items; fails the test on anything but 201. */
export async function createItem(api: Api, token: string, item: NewItem = {}): Promise<ItemView> {
  const body = { sku: uniqueSku(), name: 'Test item', location: 'Main depot', ...item };
  const response = await api('POST', '/api/v1/inventory/items', { token, body });
  if (response.status !== 201) throw new Error(`creating an item failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** POST /inventory/items/:id/movements, returning the raw response. */
export function postMovement(api: Api, token: string, id: string, movement: MovementInput, ifMatch?: string): Promise<ApiResponse<MoveResult>> {
  return api('POST', `/api/v1/inventory/items/${id}/movements`, {
    token,
    body: movement,
    headers: ifMatch ? { 'if-match': ifMatch } : undefined,
  });
}

/** A movement that must succeed; returns the item after it. */
export async function move(api: Api, token: string, id: string, movement: MovementInput): Promise<MoveResult> {
  const response = await postMovement(api, token, id, movement);
  if (response.status !== 201) throw new Error(`movement ${JSON.stringify(movement)} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function getItem(api: Api, token: string, id: string): Promise<ItemView> {
  const response = await api('GET', `/api/v1/inventory/items/${id}`, { token });
  if (response.status !== 200) throw new Error(`reading item ${id} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function ledger(api: Api, token: string, id: string): Promise<MovementView[]> {
  const response = await api('GET', `/api/v1/inventory/items/${id}/movements`, { token });
  if (response.status !== 200) throw new Error(`reading the ledger of ${id} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.items;
}

/** Audit records of one type for one entity (newest first, up to 200). */
export async function auditOf(api: Api, token: string, type: string, entityId: string): Promise<AuditItem[]> {
  const response = await api('GET', `/api/v1/audit/events?type=${type}&entityId=${entityId}&limit=200`, { token });
  if (response.status !== 200) throw new Error(`audit query failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.items;
}

/** Waits until the audit log holds at least `count` records of the type for the entity, and returns them. */
export function auditEventually(api: Api, token: string, type: string, entityId: string, count = 1, timeoutMs = 15_000): Promise<AuditItem[]> {
  return eventually(
    async () => {
      const items = await auditOf(api, token, type, entityId);
      return items.length >= count ? items : undefined;
    },
    timeoutMs,
    `${count} × ${type} of ${entityId} in the audit log`,
  );
}
