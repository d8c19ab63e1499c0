// Testcontainers for machines with a container engine and no servers of their own:
// PostgreSQL and NATS (JetStream) in containers, for the whole test run (jest-global-setup.ts).
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, getContainerRuntimeClient, Wait } from 'testcontainers';

export interface ContainerServers {
  databaseUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

/** Whether a container engine answers; without one Testcontainers fails in milliseconds. */
export async function containerEngineAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Starts PostgreSQL 17 and NATS 2.10 with JetStream; `stop` removes both. */
export async function startContainerServers(): Promise<ContainerServers> {
  const [postgres, nats] = await Promise.all([
    new PostgreSqlContainer('postgres:17').withDatabase('uehub').withUsername('postgres').withPassword('postgres').start(),
    new GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).withWaitStrategy(Wait.forLogMessage(/Server is ready/)).start(),
  ]);
  return {
    databaseUrl: postgres.getConnectionUri(),
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    async stop() {
      await Promise.all([postgres.stop(), nats.stop()]);
    },
  };
}
