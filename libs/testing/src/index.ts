export { testServers, uniqueSuffix, createTestDatabase, testSubjectPrefix, eventually } from './test-environment';
export { TcpProxy } from './tcp-proxy';
export { deciderSpecification } from './decider-specification';
export { testAccessToken, testJwks, serveTestJwks } from './test-tokens';
export { captureLogs, type CapturedLogs } from './log-capture';
export { startRestrictedNats } from './nats-test-server';
export type { RestrictedNatsServer } from './nats-test-server';
export { startPgBouncer } from './pgbouncer-test-server';
export type { PgBouncerServer } from './pgbouncer-test-server';
