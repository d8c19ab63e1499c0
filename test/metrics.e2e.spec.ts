import { eventually } from '@uehub/testing';
import { apiClient, login, type Api } from './support/http-client';
import { PASSWORD } from './support/people';
import { startSystem, type RunningSystem } from './support/system';

/** The value of the sample `series` (name and labels exactly as exposed), if present. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('Prometheus metrics', () => {
  let system: RunningSystem;
  let api: Api;
  let adminToken: string;

  beforeAll(async () => {
    system = await startSystem('e2e_metrics', { metrics: true });
    api = apiClient(system.baseUrl);
    adminToken = await login(api, system.admin.email, system.admin.password);
  });
  afterAll(() => system.stop());

  it('should serve the gateway metrics publicly at /metrics, timing requests by route pattern', async () => {
    const created = await api('POST', '/api/v1/users', {
      token: adminToken,
      body: { email: 'metrics.worker@example.com', password: PASSWORD, name: 'Metrics Worker', role: 'worker' },
    });
    expect(created.status).toBe(201);
    expect((await api('GET', `/api/v1/users/${created.body.id}`, { token: adminToken })).status).toBe(200);

    const { status, type, text } = await scrape(`${system.baseUrl}/metrics`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE uehub_http_request_duration_seconds histogram');
    expect(sample(text, 'uehub_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login",status="200"}')).toBe(1);
    expect(sample(text, 'uehub_http_request_duration_seconds_count{method="GET",route="/api/v1/users/:id",status="200"}')).toBe(1);
    expect(text).not.toContain(created.body.id);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`${system.baseUrl}/api/v1/metrics`)).status).toBe(404);
  });

  it('should serve each service its own listener with RPC, query, pool, outbox and consumer metrics', async () => {
    const authUrl = system.metricsUrl('auth')!;
    const inventoryUrl = system.metricsUrl('inventory')!;
    expect(authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(inventoryUrl).not.toBe(authUrl);
    expect((await scrape(`${authUrl}/health/live`)).status).toBe(200);
    expect((await scrape(`${authUrl}/other`)).status).toBe(404);

    const auth = await eventually(async () => {
      const { text } = await scrape(`${authUrl}/metrics`);
      return (sample(text, 'uehub_outbox_published_total{service="auth"}') ?? 0) >= 1 ? text : undefined;
    }, 15_000, 'auth events published');
    expect(sample(auth, 'uehub_rpc_duration_seconds_count{pattern="auth.login",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(auth, 'uehub_outbox_pending{service="auth"}')).toBeGreaterThanOrEqual(0);
    expect(sample(auth, 'uehub_db_query_duration_seconds_count{service="auth"}')).toBeGreaterThan(0);
    expect(sample(auth, 'uehub_db_pool_connections{service="auth",state="total"}')).toBeGreaterThanOrEqual(0);
    expect(sample(auth, 'uehub_db_pool_connections{service="auth",state="waiting"}')).toBe(0);

    const inventory = await eventually(async () => {
      const { text } = await scrape(`${inventoryUrl}/metrics`);
      const applied = sample(text, 'uehub_consumer_events_total{durable="inventory-user-refs",outcome="applied"}') ?? 0;
      return applied >= 1 && sample(text, 'uehub_consumer_pending{service="inventory",durable="inventory-user-refs"}') === 0 ? text : undefined;
    }, 15_000, 'inventory consumer caught up');
    expect(sample(inventory, 'uehub_outbox_pending{service="inventory"}')).toBe(0);
    expect(sample(inventory, 'uehub_consumer_pending{service="audit",durable="audit"}')).toBeGreaterThanOrEqual(0);
  });

  it('should close a service listener on shutdown and report the restarted service once', async () => {
    const before = system.metricsUrl('inventory')!;
    await system.restartInventory();
    await expect(fetch(`${before}/metrics`)).rejects.toThrow();
    const { text } = await scrape(`${system.metricsUrl('inventory')!}/metrics`);
    expect(text.split('\n').filter((l) => l.startsWith('uehub_outbox_pending{service="inventory"}'))).toHaveLength(1);
    expect(text.split('\n').filter((l) => l.startsWith('uehub_consumer_pending{service="inventory"'))).toHaveLength(1);
  });
});
