import type { UserReplicaOptions } from '@uehub/user-replica';

/** Safety's replica of auth's users (`safety_user_refs`): assignees and inspectors must be active users. */
export const SAFETY_REPLICA: UserReplicaOptions = { service: 'safety' };
