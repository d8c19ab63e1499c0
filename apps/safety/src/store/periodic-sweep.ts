import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { RequestContext } from '@uehub/contracts';

/**
 * A pass that runs every `intervalMs` while the service runs (one pass at a time per process).
 * Sweeps announce things once through the command handler: the decider refuses a second
 * announcement and the event store's expected version stops a second writer, so replicas and
 * restarts may sweep at the same time.
 */
export abstract class PeriodicSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;
  protected abstract readonly logger: Logger;

  constructor(private readonly intervalMs: number) {}

  /** One pass; returns how many events it appended. */
  abstract sweep(): Promise<number>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}

/** The context of a command the service runs on its own (a named system principal). */
export function systemContext(name: string, correlationId: string): RequestContext {
  return { actor: { kind: 'system', id: name }, correlationId };
}
