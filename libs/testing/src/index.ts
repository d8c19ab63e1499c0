export { testServers, uniqueSuffix, createTestDatabase, testSubjectPrefix, eventually } from './test-environment';
export { TcpProxy } from './tcp-proxy';
export { deciderSpecification } from './decider-specification';
