// Which servers the run uses: DATABASE_URL/NATS_URL when given; else, where a container engine
// answers, PostgreSQL and NATS started by Testcontainers for the whole run; else the local ones.
// Test workers start after this and inherit the URLs set here.
import { containerEngineAvailable, startContainerServers, type ContainerServers } from './container-servers';

declare global {
  var uehubContainerServers: ContainerServers | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL || process.env.NATS_URL || !(await containerEngineAvailable())) return;
  const servers = await startContainerServers();
  process.env.DATABASE_URL = servers.databaseUrl;
  process.env.NATS_URL = servers.natsUrl;
  globalThis.uehubContainerServers = servers;
  console.log(`Testcontainers: PostgreSQL at ${new URL(servers.databaseUrl).host}, NATS at ${servers.natsUrl}`);
}
