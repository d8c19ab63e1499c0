import { loadServiceConfig } from './service-config';

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
