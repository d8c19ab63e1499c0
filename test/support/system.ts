// Whole-system harness: one database, subject prefix and stream per test file; every
// service started in-process (the same factories main.ts uses) behind a real HTTP gateway,
// on a nats-server of the file's own that runs the repository's restricted configuration,
// each process with its own NATS credentials.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createAuditApp, migrateAudit } from '../../apps/audit/src/audit.app';
import { loadCheckpointSettings } from '../../apps/audit/src/checkpoints/checkpoint-settings';
import { createAuthApp, migrateAuth } from '../../apps/auth/src/auth.app';
import { loadAuthSettings } from '../../apps/auth/src/auth-settings';
import { DEV_BOOTSTRAP_ADMIN } from '../../apps/auth/src/bootstrap-admin';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { createInventoryApp, migrateInventory } from '../../apps/inventory/src/inventory.app';
import { createTimeclockApp, migrateTimeclock } from '../../apps/timeclock/src/timeclock.app';
import { loadPunchWindow } from '../../apps/timeclock/src/timeclock-settings';
import { createSafetyApp, migrateSafety } from '../../apps/safety/src/safety.app';
import { loadSafetySettings } from '../../apps/safety/src/safety-settings';
import { connectNats, inboxPrefixOf, type NatsConnection } from '@uehub/messaging';
import { loadServiceConfig, MetricsListener, type ServiceConfig } from '@uehub/service-host';
import { createTestDatabase, startPgBouncer, startRestrictedNats, startRestrictedNatsCluster, testSubjectPrefix, type RestrictedNatsCluster } from '@uehub/testing';
import { loadHarnessSettings } from './harness-settings';
import { systemRoles } from './service-roles';

export interface RunningSystem {
  baseUrl: string;
  /** Every gateway replica (see `gateways`). */
  gatewayUrls: string[];
  /** The database, straight to PostgreSQL. */
  databaseUrl: string;
  /** The URL the services query through: the PgBouncer's (with the `pgbouncer` option), else `databaseUrl`. */
  pooledDatabaseUrl: string;
  prefix: string;
  /** The system's own nats-server (restricted configuration: no anonymous connections). */
  natsUrl: string;
  /** The three-node cluster behind `natsUrl` (only with the `natsCluster` option), to kill a node. */
  natsCluster?: RestrictedNatsCluster;
  /** The login role a service runs as (only with the `leastPrivilege` option). */
  runtimeRole(service: BackendName): string | undefined;
  /** Permission violations that server logged so far. */
  natsViolations(): Promise<string[]>;
  admin: { email: string; password: string };
  serviceConfig(service: string): ServiceConfig;
  /** The environment a service started as a child process needs: database, this system's NATS and the service's credentials. */
  serviceEnv(service: NatsIdentity): Record<string, string>;
  /** URL of a service's metrics listener (only with the `metrics` option). */
  metricsUrl(service: BackendName): string | undefined;
  /** The running application context of a backend service (to reach its relay or ORM): its first replica. */
  service(name: BackendName): INestApplicationContext;
  /** Every in-process replica of a backend service. */
  replicas(name: BackendName): INestApplicationContext[];
  /** The gateway replica serving `gatewayUrls[index]` (to reach its revocation feed). */
  gateway(index: number): INestApplication;
  /** A NATS connection of the test's own with the named process's credentials (drain it after use); `url` to go through a proxy. */
  connectNats(as: NatsIdentity, url?: string): Promise<NatsConnection>;
  /** Closes the inventory service and starts it again (same database and prefix). */
  restartInventory(): Promise<void>;
  stop(): Promise<void>;
}

/** The backend services the harness starts, in the order it starts them. */
export const BACKENDS = ['auth', 'inventory', 'audit', 'timeclock', 'safety'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Whose NATS credentials a test connection uses. */
export type NatsIdentity = BackendName | 'gateway';

export interface SystemOptions {
  loginRateLimitPerMinute?: number;
  refreshRateLimitPerMinute?: number;
  /** Gives every service its metrics listener (METRICS_PORT=0: a free port each). */
  metrics?: boolean;
  /** Auth settings on top of the process environment (e.g. `ACCESS_TOKEN_TTL_SECONDS`). */
  authEnv?: Record<string, string>;
  /** Replicas of every backend service, each with its own NATS connection and pool (default 1). */
  replicas?: number;
  /** Gateway replicas to start (default 1); `gatewayUrls` lists them, `baseUrl` is the first. */
  gateways?: number;
  /** Timeclock settings on top of the process environment (e.g. `TIMECLOCK_OFFLINE_WINDOW_HOURS`). */
  timeclockEnv?: Record<string, string>;
  /** Safety settings on top of the process environment (e.g. `SAFETY_MISSED_SWEEP_SECONDS`). */
  safetyEnv?: Record<string, string>;
  /** false: inventory is not started in-process (the test runs it as a child process, `spawnService`). */
  inventoryInProcess?: boolean;
  /** false: no backend is started in-process, only migrated (the test runs them as child processes, `superviseSystem`). */
  backendsInProcess?: boolean;
  /** The PostgreSQL server to make the system's database on (default: the tests' shared one). */
  databaseServerUrl?: string;
  /** The gateway's RPC timeout (default 10 s). */
  rpcTimeoutMs?: number;
  /**
   * Services query through a PgBouncer of the system's own in transaction mode (pooled URL)
   * and migrate and LISTEN straight to PostgreSQL (direct URL), as on Neon. Default:
   * `TEST_THROUGH_PGBOUNCER=1` in the environment.
   */
  pgbouncer?: boolean;
  /** A three-node JetStream cluster instead of one nats-server; clients get every URL, the event stream 3 replicas. */
  natsCluster?: boolean;
  /**
   * Each service migrates as an owner role and runs as a login role of its own with only the
   * grants `migrate` gives it (straight to PostgreSQL, not through the PgBouncer). Default:
   * `TEST_LEAST_PRIVILEGE=1` in the environment.
   */
  leastPrivilege?: boolean;
}

/** Starts auth, inventory, audit, timeclock, safety and the gateway against a fresh database and subject prefix. */
export async function startSystem(label: string, options: SystemOptions = {}): Promise<RunningSystem> {
  // what is started so far, ended in reverse order if a later step fails
  const started: Array<() => Promise<unknown>> = [];
  try {
    return await startSystemSteps(label, options, started);
  } catch (error) {
    for (const end of started.reverse()) await end().catch(() => undefined);
    throw error;
  }
}

async function startSystemSteps(label: string, options: SystemOptions, started: Array<() => Promise<unknown>>): Promise<RunningSystem> {
  const database = await createTestDatabase(label, options.databaseServerUrl);
  started.push(() => database.drop());
  const prefix = testSubjectPrefix(label);
  const natsCluster = options.natsCluster ? await startRestrictedNatsCluster(prefix) : undefined;
  const nats = natsCluster ?? (await startRestrictedNats(prefix));
  started.push(() => nats.stop());
  const natsUrl = nats.url;
  const pooler = (options.pgbouncer ?? loadHarnessSettings().throughPgBouncer) ? await startPgBouncer(database.url) : undefined;
  if (pooler) started.push(() => pooler.stop());
  const pooledDatabaseUrl = pooler?.pooledUrl(database.url) ?? database.url;
  const env = {
    DATABASE_URL: pooledDatabaseUrl,
    DATABASE_DIRECT_URL: database.url,
    NATS_URL: natsUrl,
    NATS_SUBJECT_PREFIX: prefix,
    ...(natsCluster ? { NATS_STREAM_REPLICAS: '3' } : {}),
    ...(options.metrics ? { METRICS_PORT: '0' } : {}),
  };
  const roles = await systemRoles(database.url, BACKENDS, options.leastPrivilege ?? loadHarnessSettings().leastPrivilege);
  started.unshift(() => roles.drop()); // after the database
  const serviceEnv = (service: string): Record<string, string> => {
    const { user, password } = nats.auth(service as NatsIdentity);
    return { ...env, ...roles.env(service), NATS_USER: user, NATS_PASSWORD: password };
  };
  const serviceConfig = (service: string) => loadServiceConfig(service, serviceEnv(service));
  await migrateAuth(serviceConfig('auth'));
  await migrateInventory(serviceConfig('inventory'));
  await migrateAudit(serviceConfig('audit'));
  await migrateTimeclock(serviceConfig('timeclock'));
  await migrateSafety(serviceConfig('safety'));
  const checkpointDir = mkdtempSync(join(tmpdir(), `uehub-${label}-checkpoints-`));
  started.push(async () => rmSync(checkpointDir, { recursive: true, force: true }));
  const checkpoints = loadCheckpointSettings({ AUDIT_CHECKPOINT_DIR: checkpointDir }, false, prefix);
  const startBackend: Record<BackendName, () => Promise<INestApplicationContext>> = {
    auth: () => createAuthApp(serviceConfig('auth'), loadAuthSettings({ ...process.env, ...options.authEnv })),
    inventory: () => createInventoryApp(serviceConfig('inventory')),
    audit: () => createAuditApp(serviceConfig('audit'), { consumer: { backoffMs: [100, 200], maxDeliver: 3 }, checkpoints }),
    timeclock: () => createTimeclockApp(serviceConfig('timeclock'), loadPunchWindow({ ...process.env, ...options.timeclockEnv })),
    safety: () => createSafetyApp(serviceConfig('safety'), loadSafetySettings({ ...process.env, ...options.safetyEnv })),
  };
  const services: INestApplicationContext[] = [];
  // every application context adds its own shutdown-signal listeners
  process.setMaxListeners(Math.max(process.getMaxListeners(), 6 * (options.replicas ?? 1) + 10));
  const replicas: Record<BackendName, INestApplicationContext[]> = { auth: [], inventory: [], audit: [], timeclock: [], safety: [] };
  for (let replica = 0; replica < (options.replicas ?? 1); replica++) {
    for (const name of BACKENDS) {
      if (options.backendsInProcess === false || (name === 'inventory' && options.inventoryInProcess === false)) continue;
      const app = await startBackend[name]();
      replicas[name].push(app);
      services.push(app);
      started.push(() => app.close());
    }
  }
  const gateways: INestApplication[] = [];
  for (let i = 0; i < (options.gateways ?? 1); i++) {
    const gateway = await createGatewayApp({
      port: 0,
      natsUrl,
      natsAuth: nats.auth('gateway'),
      subjectPrefix: prefix,
      rpcTimeoutMs: options.rpcTimeoutMs ?? 10_000,
      loginRateLimitPerMinute: options.loginRateLimitPerMinute ?? 10_000,
      refreshRateLimitPerMinute: options.refreshRateLimitPerMinute ?? 10_000,
      trustProxy: false,
      bodyLimit: '100kb',
      streamReplicas: natsCluster ? 3 : 1,
    });
    gateways.push(gateway);
    started.push(() => gateway.close());
  }
  const gatewayUrls = await Promise.all(gateways.map(async (gateway) => (await gateway.getUrl()).replace('[::1]', '127.0.0.1')));
  const baseUrl = gatewayUrls[0];
  return {
    baseUrl,
    gatewayUrls,
    databaseUrl: database.url,
    pooledDatabaseUrl,
    prefix,
    natsUrl,
    natsCluster,
    runtimeRole: (service) => roles.runtime(service),
    natsViolations: () => nats.violations(),
    admin: DEV_BOOTSTRAP_ADMIN,
    serviceConfig,
    serviceEnv,
    metricsUrl: (service) => inProcess(replicas, service).get(MetricsListener).url,
    service: (name) => inProcess(replicas, name),
    replicas: (name) => replicas[name],
    gateway: (index) => gateways[index],
    connectNats: (as, url) => connectNats(url ?? natsUrl, `test-as-${as}`, { auth: nats.auth(as), inboxPrefix: inboxPrefixOf(prefix, as) }),
    async restartInventory() {
      const inventory = inProcess(replicas, 'inventory');
      const index = services.indexOf(inventory);
      await inventory.close();
      replicas.inventory[0] = services[index] = await startBackend.inventory();
    },
    async stop() {
      for (const gateway of gateways) await gateway.close();
      for (const service of services.reverse()) await service.close();
      rmSync(checkpointDir, { recursive: true, force: true });
      await nats.stop(); // the streams go with the server's temporary store
      await pooler?.stop();
      await database.drop();
      await roles.drop();
    },
  };
}

function inProcess(replicas: Record<BackendName, INestApplicationContext[]>, name: BackendName): INestApplicationContext {
  const app = replicas[name][0];
  if (!app) throw new Error(`${name} does not run in-process in this system`);
  return app;
}
