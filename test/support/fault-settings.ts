// Settings of the whole-system fault test, read from the environment once. The defaults are the
// short run inside the normal test command; `npm run test:faults` sets the long one.

export interface FaultSettings {
  /** `FAULTS_ROUNDS`: how often the three faults are injected, one after another (default 1). */
  rounds: number;
  /** `FAULTS_SECONDS`: seconds of load before each fault (default 3). */
  loadSeconds: number;
  /** `FAULTS_LANES`: concurrent clients of the load (default 4). */
  lanes: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function loadFaultSettings(env: NodeJS.ProcessEnv = process.env): FaultSettings {
  return { rounds: whole(env, 'FAULTS_ROUNDS', 1, 50), loadSeconds: whole(env, 'FAULTS_SECONDS', 3, 600), lanes: whole(env, 'FAULTS_LANES', 4, 32) };
}
