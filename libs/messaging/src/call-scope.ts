import { AsyncLocalStorage } from 'node:async_hooks';

/** What one request learns on its way (today: whether its answer was a replay of a stored one). */
export interface CallScope {
  replayed: boolean;
}

const storage = new AsyncLocalStorage<CallScope>();

/** Runs `work` with a scope the code below it can mark (the RPC server per request, the gateway per HTTP request). */
export function runInCallScope<T>(scope: CallScope, work: () => T): T {
  return storage.run(scope, work);
}

/** Marks the current request's answer as replayed (an idempotent repeat); no-op outside a scope. */
export function markReplayed(): void {
  const scope = storage.getStore();
  if (scope) scope.replayed = true;
}
