export { UserReplicaModule } from './user-replica.module';
export { UserRefs } from './user-refs.service';
export { UserReplicaHandler } from './user-replica.handler';
export { evolveUserRef, isUserEvent, userRefOf } from './user-ref';
export type { UserRef, UserRefState, UserEvent, UserEventType } from './user-ref';
export { userRefsTable } from './user-replica.options';
export type { UserReplicaOptions, UserReplicaHook, ReplicaChange, ReplicaService, OptionalUserColumn } from './user-replica.options';
export { userReplicaTarget, readUserEvents } from './user-replica.check';
export { UserRefColumns } from './user-ref.entity';
