export { loadServiceConfig } from './service-config';
export type { ServiceConfig } from './service-config';
export { checkReadiness } from './readiness';
export { ServiceHostModule } from './service-host.module';
export type { ServiceHostOptions } from './service-host.module';
export { SERVICE_CONFIG, NATS_CONNECTION, SERVICE_DATABASE } from './tokens';
export { runServiceMain } from './service-main';
export type { ServiceEntry } from './service-main';
export { MetricsListener } from './metrics-listener';
