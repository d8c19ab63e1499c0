import type { UserReplicaOptions } from '@uehub/user-replica';

/** Timeclock's replica of auth's users (`timeclock_user_refs`, with the department the hours report groups by). */
export const TIMECLOCK_REPLICA: UserReplicaOptions = { service: 'timeclock', keeps: ['department'] };
