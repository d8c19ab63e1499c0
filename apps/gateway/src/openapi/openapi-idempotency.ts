import { addProblem, type Operation, type Paths } from './openapi-helpers';

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description:
    'IETF httpapi Idempotency-Key (quoted or bare, ≤ 255 printable ASCII). A repeat with the same key and request gets the stored answer ' +
    'with `Idempotent-Replayed: true` and no new effect; the key with another request is 422 IDEMPOTENCY_KEY_REUSED; a repeat while ' +
    'the first still runs waits up to 5 s, then 409 IDEMPOTENCY_KEY_IN_USE. Keys are per caller and kept 24 hours.',
};

/** Commands that go through a service's command handler; login, refresh, logout, password change and ops retries do not take a key. */
function honoursKey(path: string, method: string): boolean {
  if (!['post', 'patch', 'put', 'delete'].includes(method)) return false;
  return !path.startsWith('/api/v1/auth/') && !path.startsWith('/api/v1/ops/') && path !== '/api/v1/me/password';
}

/** Lists the `Idempotency-Key` header, and the two codes it can answer, on every command route that honours it. */
export function withIdempotencyKey(paths: Paths): Paths {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!honoursKey(path, method)) continue;
      operation.parameters = [...((operation.parameters as Operation[] | undefined) ?? []), idempotencyKey];
      addProblem(operation, 409, 'IDEMPOTENCY_KEY_IN_USE');
      addProblem(operation, 422, 'IDEMPOTENCY_KEY_REUSED');
    }
  }
  return paths;
}
