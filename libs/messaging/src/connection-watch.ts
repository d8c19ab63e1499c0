import type { NatsConnection } from '@nats-io/transport-node';
import { ConnectionLostError } from './rpc-failure';

/**
 * Follows one connection's status so that requests in flight fail at once when it drops
 * (instead of waiting for their whole timeout), and new ones are not sent while it is down.
 */
export class ConnectionWatch {
  private readonly waiting = new Set<(error: Error) => void>();
  connected = true;

  constructor(nc: NatsConnection) {
    void this.follow(nc);
  }

  /** Settles like `request`, or rejects with ConnectionLostError as soon as the connection drops. */
  guard<T>(request: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      request.then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }

  private async follow(nc: NatsConnection): Promise<void> {
    try {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          this.connected = false;
          for (const reject of this.waiting) reject(new ConnectionLostError());
          this.waiting.clear();
        } else if (status.type === 'reconnect') {
          this.connected = true;
        }
      }
    } catch {
      // the iterator ends with the connection
    }
  }
}

const watches = new WeakMap<NatsConnection, ConnectionWatch>();

/** The one watch of a connection (shared by every client on it). */
export function watchConnection(nc: NatsConnection): ConnectionWatch {
  let watch = watches.get(nc);
  if (!watch) {
    watch = new ConnectionWatch(nc);
    watches.set(nc, watch);
  }
  return watch;
}
