/** Injection tokens of the service host. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const SERVICE_DATABASE = Symbol('SERVICE_DATABASE');
export const READINESS_TABLES = Symbol('READINESS_TABLES');
