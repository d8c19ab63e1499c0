import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@uehub/messaging';
import { createLogger } from '@uehub/observability';
import { NATS_CONNECTION, SERVICE_CONFIG, type ServiceConfig } from '@uehub/service-host';
import { AUDIT_OPTIONS, type AuditOptions } from '../audit-options';
import type { SignedCheckpoint } from '@uehub/audit-verify';
import { checkpointSettingsOf, type CheckpointSettings } from './checkpoint-settings';
import { FileCheckpointSink, StreamCheckpointSink, type CheckpointSink } from './checkpoint-sinks';
import { readCheckpoints, signNextCheckpoint } from './checkpoint-store';

/**
 * Signs checkpoints off the ingest path (one signature per checkpoint, never per record):
 * on a timer, and as soon as a full range of records has been noted. Then copies every
 * checkpoint the sinks lack to them; a failed copy is retried on the next run.
 */
@Injectable()
export class Checkpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly settings: CheckpointSettings;
  readonly sinks: CheckpointSink[] = [];
  private readonly log = createLogger('audit');
  private pending = 0;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(AUDIT_OPTIONS) options: AuditOptions,
  ) {
    this.settings = options.checkpoints ?? checkpointSettingsOf(config);
    if (this.settings.dir) this.sinks.push(new FileCheckpointSink(this.settings.dir));
    if (this.settings.stream) this.sinks.push(new StreamCheckpointSink(nc, config.subjectPrefix, config.streamReplicas));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run('any'), this.settings.intervalMs);
    this.timer.unref();
    void this.run('full');
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Called by the ingest handler per stored record (memory only). */
  noteRecords(count: number): void {
    this.pending += count;
    if (this.pending >= this.settings.maxRecords && !this.queued) void this.run('full');
  }

  /** Signs what is waiting now (even an empty range) and copies it out; for tests and commands. */
  async checkpointNow(): Promise<SignedCheckpoint[]> {
    let made: SignedCheckpoint[] = [];
    await this.serialized(async () => {
      made = await this.sign('any');
      await this.copyToSinks();
    });
    return made;
  }

  /** Copies to the sinks the checkpoints they lack (after a purge signed its tombstone). */
  copyOut(): Promise<void> {
    return this.serialized(() => this.copyToSinks());
  }

  private run(mode: 'full' | 'any'): Promise<void> {
    if (mode === 'full') this.queued = true;
    return this.serialized(async () => {
      this.queued = false;
      await this.sign(mode);
      await this.copyToSinks();
    }).catch((error: unknown) => this.log.warn({ err: (error as Error).message }, 'audit checkpoint not made yet; retried on the next run'));
  }

  private serialized(work: () => Promise<void>): Promise<void> {
    const next = this.running.then(work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async sign(mode: 'full' | 'any'): Promise<SignedCheckpoint[]> {
    this.pending = 0;
    const made: SignedCheckpoint[] = [];
    const { keys, maxRecords } = this.settings;
    for (;;) {
      const full = await signNextCheckpoint(this.orm.em.fork(), keys, maxRecords, 'full');
      if (!full) break;
      made.push(full);
    }
    if (mode === 'any') {
      const rest = await signNextCheckpoint(this.orm.em.fork(), keys, maxRecords, 'any');
      if (rest) made.push(rest);
    }
    return made;
  }

  private async copyToSinks(): Promise<void> {
    for (const sink of this.sinks) {
      const after = await sink.lastWritten();
      for (const checkpoint of await readCheckpoints(this.orm.em.fork(), after)) await sink.write(checkpoint);
    }
  }
}
