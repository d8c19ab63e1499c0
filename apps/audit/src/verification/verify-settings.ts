/** Scheduled verification: every `AUDIT_VERIFY_INTERVAL_SECONDS` (default 300; 0 turns it off). */
export const DEFAULT_VERIFY_INTERVAL_MS = 300_000;

export function loadVerifyIntervalMs(env: NodeJS.ProcessEnv): number {
  const text = env.AUDIT_VERIFY_INTERVAL_SECONDS;
  if (text === undefined || text.trim() === '') return DEFAULT_VERIFY_INTERVAL_MS;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error(`AUDIT_VERIFY_INTERVAL_SECONDS "${text}" is not valid: use a whole number from 0 (off) to 86400`);
  }
  return seconds * 1000;
}

/** The interval of a running audit service, from the process environment. */
export function verifyIntervalOf(): number {
  return loadVerifyIntervalMs(process.env);
}
