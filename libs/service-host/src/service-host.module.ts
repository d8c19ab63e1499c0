import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type Provider,
  type Type,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { MigrationObject } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { isConnectionError, isDataError, openServiceOrm, viaPooler, type ServiceDatabase } from '@uehub/database';
import { AppError } from '@uehub/errors';
import { storeTables, recordSubjectPrefix, CommandHandler, EventStore, OutboxRelay } from '@uehub/event-store';
import {
  connectNatsWhenUp,
  drainNats,
  ensureEventStream,
  inboxPrefixOf,
  isNatsProcess,
  requireNatsCredentials,
  RpcClient,
  RpcServer,
  RPC_ENHANCERS,
  type NatsConnection,
} from '@uehub/messaging';
import type { JsonWebKeyLike } from '@uehub/contracts';
import { TokenVerifier } from '@uehub/identity';
import { endProcessTracing } from '@uehub/observability';
import { ConsumerRegistry } from './dead-letter-ops';
import { ServiceOpsRpc } from './service-ops.rpc';
import { waitFor, waitForDatabase } from './dependency-wait';
import { MetricsListener } from './metrics-listener';
import { ReadinessChecks } from './readiness-checks';
import type { ServiceConfig } from './service-config';
import { NATS_CONNECTION, READINESS_TABLES, SERVICE_CONFIG, SERVICE_DATABASE } from './tokens';

type EntityClass = new (...args: never[]) => object;

/**
 * A lost or refused database connection (or a pool wait that timed out) answers 503, not 500;
 * a value PostgreSQL refuses as data (class 22) is the request's fault: 400.
 */
function databaseUnavailable(error: unknown): AppError | undefined {
  if (isDataError(error)) return new AppError('VALIDATION_FAILED', 'A value is not one the database can store');
  return isConnectionError(error) ? new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again') : undefined;
}

export interface ServiceHostOptions {
  config: ServiceConfig;
  entities: EntityClass[];
  migrations: MigrationObject[];
  /** Tables the readiness check (`<service>.health`) requires. */
  readinessTables: string[];
  /**
   * Auth only: its own key store, so it verifies tokens without a network hop (the host
   * provides and exports it). Every other service fetches the keys over `auth.jwks`.
   */
  keyStore?: Type<PublicKeyStore>;
}

/** Where a service that owns the signing keys reads the public ones. */
export interface PublicKeyStore {
  publicKeys(): Promise<JsonWebKeyLike[]>;
}

/** The verifier of callers' access tokens, with keys from the local store or from `auth.jwks`. */
function tokenVerifierProvider(keyStore: Type<PublicKeyStore> | undefined): Provider[] {
  if (keyStore) {
    return [keyStore, { provide: TokenVerifier, inject: [keyStore], useFactory: (keys: PublicKeyStore) => new TokenVerifier(() => keys.publicKeys()) }];
  }
  return [
    {
      provide: TokenVerifier,
      inject: [RpcClient],
      useFactory: (rpc: RpcClient) => new TokenVerifier(async () => (await rpc.call('auth.jwks', {})).keys),
    },
  ];
}

/**
 * Starts the metrics listener (when METRICS_PORT is set) and the outbox relay, and on
 * shutdown closes the listener, stops taking requests, finishes in-flight work, drains NATS
 * and closes the pool. Components with their own loops (consumers) stop in
 * `beforeApplicationShutdown`, which Nest runs before this.
 */
@Injectable()
class ServiceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    private readonly rpc: RpcServer,
    private readonly metricsListener: MetricsListener,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { metricsPort } = this.config;
    if (metricsPort !== undefined) await this.metricsListener.start(metricsPort);
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.metricsListener.close();
    await this.rpc.close();
    await this.relay.stop();
    await drainNats(this.nc);
    await this.orm.close(true);
    // last: the spans of the work above (the relay's last publishes, the consumers' last events)
    await endProcessTracing();
  }
}

/**
 * Everything a backend service stands on: its ORM (pooled URL), a NATS connection,
 * the domain-event stream, its event store and outbox relay, and an RPC server in the
 * service's queue group. Migrations are not run here: they are an explicit start step.
 */
@Module({})
export class ServiceHostModule {
  static register(options: ServiceHostOptions): DynamicModule {
    const { config } = options;
    // checked when a service starts (not for `main.js migrate`, which needs no bus)
    requireNatsCredentials(config.natsAuth, config.production, config.service);
    const db: ServiceDatabase = {
      service: config.service,
      target: config.database,
      entities: options.entities,
      migrations: options.migrations,
      slowQueryMs: config.slowQueryMs,
    };
    const tables = storeTables(config.service);
    return {
      module: ServiceHostModule,
      global: true,
      // `<service>.health` and the dead-letter patterns (served by `startServiceApp`'s transport)
      controllers: [ServiceOpsRpc],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: READINESS_TABLES, useValue: options.readinessTables },
        { provide: SERVICE_DATABASE, useValue: db },
        {
          provide: MikroORM,
          useFactory: async () => {
            // started before its database: wait (bounded, logged back-off) instead of failing later
            await waitForDatabase(config.database.pooledUrl, config.startupTimeoutMs, {
              startupOptions: !viaPooler(config.database, config.database.pooledUrl),
            });
            const orm = await openServiceOrm(db);
            // the out-of-band trigger publishes under this deployment's prefix
            await recordSubjectPrefix(orm.em.fork(), tables, config.subjectPrefix);
            return orm;
          },
        },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            if (!isNatsProcess(config.service)) throw new Error(`Unknown service "${config.service}"`);
            const nc = await connectNatsWhenUp(config.natsUrl, `uehub-${config.service}`, config.startupTimeoutMs, {
              auth: config.natsAuth,
              inboxPrefix: inboxPrefixOf(config.subjectPrefix, config.service),
            });
            // a cluster still electing its JetStream leaders answers 503 for a while: wait, as for the connection
            await waitFor('the event stream', () => ensureEventStream(nc, config.subjectPrefix, { replicas: config.streamReplicas }), config.startupTimeoutMs);
            return nc;
          },
        },
        { provide: EventStore, useValue: new EventStore(tables, config.subjectPrefix) },
        { provide: CommandHandler, inject: [MikroORM, EventStore], useFactory: (orm: MikroORM, store: EventStore) => new CommandHandler(orm, store) },
        {
          provide: OutboxRelay,
          inject: [MikroORM, NATS_CONNECTION],
          useFactory: (orm: MikroORM, nc: NatsConnection) =>
            new OutboxRelay({ orm, nc, tables, listenUrl: config.database.directUrl, retentionMs: config.outboxRetentionMs }),
        },
        {
          provide: RpcServer,
          inject: [NATS_CONNECTION, TokenVerifier],
          useFactory: (nc: NatsConnection, tokens: TokenVerifier) =>
            new RpcServer(nc, config.subjectPrefix, config.service, tokens, databaseUnavailable),
        },
        {
          // a service calls others only as itself (a named principal), never for a user
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => new RpcClient(nc, config.subjectPrefix, undefined, config.service),
        },
        ...tokenVerifierProvider(options.keyStore),
        { provide: MetricsListener, useValue: new MetricsListener() },
        ConsumerRegistry,
        ReadinessChecks,
        ServiceLifecycle,
        // the caller guard and the error filter of every `@Handles` handler (RpcTransport)
        ...RPC_ENHANCERS,
      ],
      exports: [
        SERVICE_CONFIG,
        SERVICE_DATABASE,
        MikroORM,
        NATS_CONNECTION,
        EventStore,
        CommandHandler,
        OutboxRelay,
        RpcServer,
        RpcClient,
        TokenVerifier,
        ...(options.keyStore ? [options.keyStore] : []),
        MetricsListener,
        ConsumerRegistry,
        ReadinessChecks,
      ],
    };
  }
}
