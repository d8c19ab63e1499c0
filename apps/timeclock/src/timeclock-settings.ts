import type { PunchWindow } from './shifts/punch-time';

/** Punch-time limits from the environment (validated at start). */
export function loadPunchWindow(env: NodeJS.ProcessEnv = process.env): PunchWindow {
  const hours = numberFrom(env.TIMECLOCK_OFFLINE_WINDOW_HOURS, 72, 'TIMECLOCK_OFFLINE_WINDOW_HOURS', 1, 24 * 31);
  const skew = numberFrom(env.TIMECLOCK_MAX_CLOCK_SKEW_SECONDS, 120, 'TIMECLOCK_MAX_CLOCK_SKEW_SECONDS', 0, 3600);
  return { offlineWindowMs: hours * 3_600_000, maxSkewMs: skew * 1000 };
}

function numberFrom(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}
