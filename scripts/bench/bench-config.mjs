// Settings of `npm run bench`, read from the environment once, here only: the rest of the bench takes them as arguments.
const number = (env, name, fallback, min, max) => {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} "${env[name]}" is not valid: use ${min} to ${max}`);
  return value;
};

/** @returns the bench's settings; a bad value stops it naming the variable. */
export function loadBenchConfig(env = process.env) {
  return {
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    /** Seconds each load measurement runs (system and baseline alike). */
    seconds: number(env, 'BENCH_SECONDS', 10, 2, 60),
    /** Commands per second of the freshness measurement (at most half the measured write rate at 8 clients). */
    freshnessRate: number(env, 'BENCH_FRESHNESS_RATE', 100, 1, 1000),
    auditEvents: number(env, 'BENCH_AUDIT_EVENTS', 20_000, 100, 200_000),
    rebuildEvents: number(env, 'BENCH_REBUILD_EVENTS', 66_000, 100, 500_000),
    /** BENCH_PROFILE=1: the gateway and inventory run with --cpu-prof; a summary of each profile is printed. */
    profile: env.BENCH_PROFILE === '1',
    /** The environment handed to child processes (PATH and the like, plus the server URLs above). */
    childEnv: { ...env },
  };
}
