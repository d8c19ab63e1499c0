export { DEFAULT_NATS_URL, connectNats, drainNats } from './nats-connection';
export type { NatsConnection } from './nats-connection';
export { ensureEventStream, ensureDurableConsumer, deleteEventStream } from './event-stream';
export type { DurableConsumerSpec } from './event-stream';
export { RpcServer } from './rpc-server';
export type { RpcHandler, RpcHandlers } from './rpc-server';
export { RpcClient, DEFAULT_RPC_TIMEOUT_MS } from './rpc-client';
