import type { Pool } from 'pg';
import { trackPoolConnections } from '@uehub/observability';

/** Reports the pool's total, idle and waiting counts at scrape time, until the pool ends. */
export function trackPool(service: string, pool: Pool): void {
  trackPoolConnections(service, () =>
    pool.ending ? undefined : { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
  );
}
