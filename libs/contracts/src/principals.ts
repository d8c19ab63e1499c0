import { RPC_SERVICES, type BackendService, type RpcPattern } from './rpc';

/**
 * What each service may call on its own behalf (as a named principal, not for a user),
 * on `<prefix>.svc.<principal>.<pattern>`. The one table behind three checks: the NATS
 * permissions (a principal may publish only its own listed subjects), the subscriptions of
 * the serving side (it listens only for listed patterns), and the serving side's check of
 * every such call. Read-only patterns only, unless a reason is written here.
 */
export const PRINCIPAL_CALLS: { readonly [S in BackendService]: readonly RpcPattern[] } = {
  auth: [],
  // "user_id must name an active user": a user created a moment ago is asked of auth
  inventory: ['auth.users.get', 'auth.jwks'],
  audit: ['auth.jwks'],
  // same replica rule as inventory: clock-in needs an active user
  timeclock: ['auth.users.get', 'auth.jwks'],
  // assignees and inspectors must be active users (as inventory)
  safety: ['auth.users.get', 'auth.jwks'],
};

/** A service acting on its own behalf. */
export type Principal = BackendService;

export function isPrincipal(value: string): value is Principal {
  return (RPC_SERVICES as readonly string[]).includes(value);
}

/** Whether the table lets a principal call a pattern. */
export function principalMayCall(principal: string, pattern: string): boolean {
  return isPrincipal(principal) && (PRINCIPAL_CALLS[principal] as readonly string[]).includes(pattern);
}

/** The principals the table lets call a pattern. */
export function principalsAllowed(pattern: string): Principal[] {
  return RPC_SERVICES.filter((principal) => principalMayCall(principal, pattern));
}

/**
 * The durable JetStream consumers each service reads the event stream through; NATS lets a
 * service create, read and acknowledge only its own. A new consumer is added here first.
 */
export const EVENT_CONSUMERS: { readonly [S in BackendService]: readonly string[] } = {
  auth: [],
  inventory: ['inventory-user-refs'],
  audit: ['audit'],
  timeclock: ['timeclock-user-refs'],
  safety: ['safety-user-refs'],
};

/**
 * Events a service replays through ordered (ephemeral) consumers: a user replica's rebuild check
 * folds auth's user events to compare the replica with. NATS lets it create consumers with these
 * filters only, and never touch another service's durable.
 */
export const EVENT_REPLAYS: { readonly [S in BackendService]: readonly string[] } = {
  auth: [],
  inventory: ['auth.user'],
  audit: [],
  timeclock: ['auth.user'],
  safety: ['auth.user'],
};

/**
 * The events the gateway reads, through ordered (ephemeral, per replica) consumers: auth's
 * user events, which revoke tokens. NATS lets it create consumers with this filter only.
 */
export const GATEWAY_EVENT_FEED = 'auth.user';
