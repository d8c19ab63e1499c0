import { loadServiceConfig } from './service-config';
import { ServiceHostModule } from './service-host.module';

describe('service configuration of metrics and slow queries', () => {
  it('should have no metrics listener and a 1000 ms slow-query threshold by default', () => {
    expect(loadServiceConfig('auth', {})).toMatchObject({ metricsPort: undefined, slowQueryMs: 1000 });
  });

  it('should read METRICS_PORT and SLOW_QUERY_MS', () => {
    expect(loadServiceConfig('auth', { METRICS_PORT: '9464', SLOW_QUERY_MS: '250' })).toMatchObject({
      metricsPort: 9464,
      slowQueryMs: 250,
    });
  });

  it('should refuse bad values with a message naming the variable', () => {
    expect(() => loadServiceConfig('auth', { METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT/);
    expect(() => loadServiceConfig('auth', { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadServiceConfig('auth', { SLOW_QUERY_MS: '0' })).toThrow(/SLOW_QUERY_MS/);
  });
});

describe('service configuration of NATS credentials', () => {
  it("should read the service's own NATS user", () => {
    expect(loadServiceConfig('inventory', { NATS_USER: 'inventory', NATS_PASSWORD: 'pw' }).natsAuth).toEqual({ user: 'inventory', password: 'pw' });
  });

  it('should refuse to start a service in production without NATS credentials, but let migrations run', () => {
    const config = loadServiceConfig('inventory', { NODE_ENV: 'production' });
    expect(() => ServiceHostModule.register({ config, entities: [], migrations: [], readinessTables: [] })).toThrow(
      /NATS credentials are required in production: set NATS_USER and NATS_PASSWORD .* inventory/,
    );
  });

  it('should name the variable when the NATS settings are half set', () => {
    expect(() => loadServiceConfig('auth', { NATS_USER: 'auth' })).toThrow(/NATS configuration of auth is not valid: NATS_USER and NATS_PASSWORD/);
  });
});
