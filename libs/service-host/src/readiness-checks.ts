import { Injectable } from '@nestjs/common';
import type { ServiceHealth } from '@uehub/contracts';

type Check = () => Promise<{ ok: boolean; detail?: string }>;

/**
 * Readiness checks a service adds to the host's own (database, tables, constraints, NATS),
 * so that "ready" means its own requests work (e.g. auth: a login can succeed).
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, Check>();

  register(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  /** Runs every registered check; a check that throws is failed with its message. */
  async run(): Promise<ServiceHealth['checks']> {
    const results: ServiceHealth['checks'] = {};
    for (const [name, check] of this.checks) {
      results[name] = await check().catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }));
    }
    return results;
  }
}
