// Runs each service as its own process and restarts one that dies, with a bounded back-off,
// instead of stopping the others. A service that keeps dying right after start is given up on
// (and the whole system stopped) after a number of quick failures in a row.
import { spawn } from 'node:child_process';

export const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];
/** A run this long counts as healthy: the next failure starts the back-off from the beginning. */
export const HEALTHY_RUN_MS = 60_000;
export const MAX_QUICK_FAILURES = 10;

/**
 * Starts `services` ({name, args, env?}: env on top of this process's) with `command`; returns stop(code). `options` lets tests use
 * short delays and capture the log.
 */
export function supervise(command, services, options = {}) {
  const backoff = options.backoffMs ?? BACKOFF_MS;
  const healthyRunMs = options.healthyRunMs ?? HEALTHY_RUN_MS;
  const maxQuickFailures = options.maxQuickFailures ?? MAX_QUICK_FAILURES;
  const log = options.log ?? ((line) => console.error(line));
  const onStopped = options.onStopped ?? ((code) => (process.exitCode = code));
  const children = new Map();
  const timers = new Set();
  let stopping = false;

  function start(service, failures) {
    const startedAt = Date.now();
    const env = service.env ? { ...process.env, ...service.env } : process.env;
    const child = spawn(command, service.args, { stdio: options.stdio ?? 'inherit', env });
    children.set(service.name, child);
    child.on('exit', (code, signal) => {
      children.delete(service.name);
      if (stopping) {
        if (children.size === 0) onStopped(process.exitCode ?? 0);
        return;
      }
      const quick = Date.now() - startedAt < healthyRunMs ? failures + 1 : 1;
      if (quick > maxQuickFailures) {
        log(`${service.name} exited (${signal ?? code}) ${quick - 1} times in a row right after starting; stopping the others.`);
        stop(1);
        return;
      }
      const delay = backoff[Math.min(quick - 1, backoff.length - 1)];
      log(`${service.name} exited (${signal ?? code}); restarting it in ${delay} ms (restart ${quick} in a row).`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(service, quick);
      }, delay);
      timers.add(timer);
    });
  }

  function stop(code) {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    for (const timer of timers) clearTimeout(timer);
    if (children.size === 0) onStopped(code);
    for (const child of children.values()) child.kill('SIGTERM');
    setTimeout(() => {
      for (const child of children.values()) child.kill('SIGKILL');
    }, 15_000).unref();
  }

  for (const service of services) start(service, 0);
  return { stop, children };
}
