import pg from 'pg';
import { connectNats, drainNats } from '@uehub/messaging';
import { containerEngineAvailable, startContainerServers } from './container-servers';

describe('container servers (Testcontainers)', () => {
  let engine = false;

  beforeAll(async () => {
    const started = Date.now();
    engine = await containerEngineAvailable();
    // the run's global set-up asks this every time: without an engine it must not hold the run up
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('should start PostgreSQL and NATS that answer, where a container engine answers', async () => {
    if (!engine) {
      // these machines have no engine: the tests use DATABASE_URL/NATS_URL or the local servers
      await expect(startContainerServers()).rejects.toThrow(/container runtime/i);
      return;
    }
    const servers = await startContainerServers();
    try {
      const db = new pg.Client({ connectionString: servers.databaseUrl });
      await db.connect();
      expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await db.end();
      const nc = await connectNats(servers.natsUrl, 'container-probe');
      expect(nc.info?.jetstream).toBe(true);
      await drainNats(nc);
    } finally {
      await servers.stop();
    }
  }, 180_000);
});
