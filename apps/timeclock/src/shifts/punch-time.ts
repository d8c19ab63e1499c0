import type { PunchTime } from '@uehub/contracts';
import { AppError } from '@uehub/errors';

/** How far a device's clock may run ahead of ours, and how old an offline punch may be. */
export interface PunchWindow {
  maxSkewMs: number;
  offlineWindowMs: number;
}

export const DEFAULT_PUNCH_WINDOW: PunchWindow = { maxSkewMs: 2 * 60_000, offlineWindowMs: 72 * 3_600_000 };

export interface PunchRequest {
  /** The server's receive time. */
  receivedAt: Date;
  /** The device's time, when it sent one. */
  deviceTime?: string;
  punchId?: string;
  /** Set when someone else punches for the user: a manager's reason (they may enter older times). */
  reason?: string;
}

/**
 * The effective time of a punch: the device's time when it sent one (offline devices punch
 * late), else ours. A device time in the future beyond the skew, or older than the window,
 * is refused (422) unless a manager enters it; a future time is refused for everybody.
 */
export function punchTimeOf(request: PunchRequest, window: PunchWindow = DEFAULT_PUNCH_WINDOW): PunchTime {
  const receivedAt = request.receivedAt.toISOString();
  const common = { receivedAt, punchId: request.punchId ?? null, reason: request.reason ?? null };
  if (request.deviceTime === undefined) return { at: receivedAt, deviceTime: null, ...common };
  const device = new Date(request.deviceTime);
  if (Number.isNaN(device.getTime())) throw outOfRange('occurredAt is not a time');
  const aheadMs = device.getTime() - request.receivedAt.getTime();
  if (aheadMs > window.maxSkewMs) throw outOfRange(`occurredAt is ${Math.round(aheadMs / 1000)} s in the future`);
  const managerEntered = request.reason !== undefined;
  if (!managerEntered && -aheadMs > window.offlineWindowMs) {
    throw outOfRange(`occurredAt is older than ${window.offlineWindowMs / 3_600_000} h; a manager must enter it`);
  }
  const at = aheadMs > 0 ? receivedAt : device.toISOString(); // a clock a little ahead counts as now
  return { at, deviceTime: device.toISOString(), ...common };
}

function outOfRange(detail: string): AppError {
  return new AppError('PUNCH_TIME_OUT_OF_RANGE', detail, [{ path: 'occurredAt', message: detail }]);
}
