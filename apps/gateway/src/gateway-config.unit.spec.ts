import { loadGatewayConfig } from './gateway-config';

describe('gateway configuration of NATS credentials', () => {
  it('should refuse to start in production without its NATS user', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/NATS credentials are required in production: set NATS_USER/);
    expect(loadGatewayConfig({ NODE_ENV: 'production', NATS_USER: 'gateway', NATS_PASSWORD: 'pw' }).natsAuth).toEqual({ user: 'gateway', password: 'pw' });
  });

  it('should connect anonymously to the open local default outside production', () => {
    expect(loadGatewayConfig({}).natsAuth).toEqual({});
  });
});
