import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { auditCheckpointStreamName, auditCheckpointSubject } from '@uehub/contracts';
import { retryStreamRead, type NatsConnection } from '@uehub/messaging';
import type { SignedCheckpoint } from '@uehub/audit-verify';

/** A copy of the checkpoints kept outside PostgreSQL, written append-only. */
export interface CheckpointSink {
  readonly name: string;
  /** The highest checkpoint number written (0 when none). */
  lastWritten(): Promise<number>;
  write(checkpoint: SignedCheckpoint): Promise<void>;
  readAll(): Promise<SignedCheckpoint[]>;
}

const FILE_PATTERN = /^checkpoint-(\d{12})\.json$/;

/**
 * One file per checkpoint in a directory, created exclusively (never overwritten) and
 * synced to disk. In production the directory is a mount of an object store with object
 * lock (write once, read many); see docs/audit.md.
 */
export class FileCheckpointSink implements CheckpointSink {
  readonly name = 'checkpoint directory';

  constructor(private readonly dir: string) {}

  async lastWritten(): Promise<number> {
    const numbers = (await this.files()).map(([n]) => n);
    return numbers.length ? Math.max(...numbers) : 0;
  }

  async write(checkpoint: SignedCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = await open(join(this.dir, `checkpoint-${String(checkpoint.checkpoint).padStart(12, '0')}.json`), 'wx');
    try {
      await file.writeFile(`${JSON.stringify(checkpoint)}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async readAll(): Promise<SignedCheckpoint[]> {
    const files = (await this.files()).sort(([a], [b]) => a - b);
    return Promise.all(files.map(async ([, name]) => JSON.parse(await readFile(join(this.dir, name), 'utf8')) as SignedCheckpoint));
  }

  private async files(): Promise<[number, string][]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return names.flatMap((name): [number, string][] => {
      const match = FILE_PATTERN.exec(name);
      return match ? [[Number(match[1]), name]] : [];
    });
  }
}


/** Removes the checkpoint stream of a prefix (tests; the stream itself may be deleted, its messages not). */
export async function deleteCheckpointStream(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(auditCheckpointStreamName(prefix)).catch(() => false);
}

/**
 * A JetStream stream that refuses deleting and purging messages (`deny_delete`,
 * `deny_purge`; nats-server 2.9 has both). Messages carry `Nats-Msg-Id: checkpoint-<n>`,
 * so a retried write is not stored twice.
 */
export class StreamCheckpointSink implements CheckpointSink {
  readonly name = 'checkpoint stream';
  private ensured = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    /** Copies of the stream: as many as the event stream has (`NATS_STREAM_REPLICAS`), so losing a node keeps the copies. */
    private readonly replicas = 1,
  ) {}

  get stream(): string {
    return auditCheckpointStreamName(this.prefix);
  }

  async ensure(): Promise<void> {
    if (this.ensured) return;
    const jsm = await jetstreamManager(this.nc);
    await jsm.streams.info(this.stream).catch(() =>
      jsm.streams.add({
        name: this.stream,
        subjects: [auditCheckpointSubject(this.prefix)],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        deny_delete: true,
        deny_purge: true,
        num_replicas: this.replicas,
      }),
    );
    this.ensured = true;
  }

  async lastWritten(): Promise<number> {
    const last = await this.lastMessage();
    return last?.checkpoint ?? 0;
  }

  async write(checkpoint: SignedCheckpoint): Promise<void> {
    await this.ensure();
    await jetstream(this.nc).publish(auditCheckpointSubject(this.prefix), JSON.stringify(checkpoint), { msgID: `checkpoint-${checkpoint.checkpoint}` });
  }

  /**
   * Reading never creates the stream: no stream means no copy to compare with yet. Any other
   * failure (a cluster re-electing its leader) is tried again (`retryStreamRead`), never taken
   * for "no copies", which would let the verification compare nothing.
   */
  readAll(): Promise<SignedCheckpoint[]> {
    return retryStreamRead(async () => {
      const jsm = await jetstreamManager(this.nc);
      const info = await jsm.streams.info(this.stream).catch((error: unknown) => {
        if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
        throw error;
      });
      if (!info) return [];
      const all: SignedCheckpoint[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage(this.stream, { seq });
        if (message) all.push(message.json<SignedCheckpoint>());
      }
      return all;
    });
  }

  private async lastMessage(): Promise<SignedCheckpoint | undefined> {
    await this.ensure();
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.streams.info(this.stream);
    if (info.state.messages === 0) return undefined;
    const message = await jsm.streams.getMessage(this.stream, { seq: info.state.last_seq });
    return message?.json<SignedCheckpoint>();
  }
}
