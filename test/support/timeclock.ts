// Helpers of the timeclock whole-system tests: punches through HTTP.
import type { ShiftView } from '@uehub/contracts';
import type { Api, ApiResponse } from './http-client';

export type Punch = 'clock-in' | 'clock-out' | 'breaks/start' | 'breaks/end';

/** POST /timeclock/<punch>, returning the raw response. */
export function punch(api: Api, token: string, what: Punch, body: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<ApiResponse<ShiftView>> {
  return api('POST', `/api/v1/timeclock/${what}`, { token, body, headers });
}

/** A punch that must succeed (201 for clock-in, 200 otherwise). */
export async function punchOk(api: Api, token: string, what: Punch, body: Record<string, unknown> = {}): Promise<ShiftView> {
  const response = await punch(api, token, what, body);
  const expected = what === 'clock-in' ? 201 : 200;
  if (response.status !== expected) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** An ISO time `hours` before now (negative: in the future). */
export const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();
