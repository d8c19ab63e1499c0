import type { UserReplicaOptions } from '@uehub/user-replica';

/** Inventory's replica of auth's users (`inventory_user_refs`): the consumer's and the rebuild check's. */
export const INVENTORY_REPLICA: UserReplicaOptions = { service: 'inventory' };
