import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import type { NatsConnection } from '@uehub/messaging';
import { RevocationFeed } from './revocation-feed';
import { RevocationList } from './revocation-list';

/** Starts the feed before the gateway listens (past events replayed) and stops it before NATS drains. */
@Injectable()
class RevocationFeedLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(RevocationFeed) private readonly feed: RevocationFeed) {}

  onApplicationBootstrap(): Promise<void> {
    return this.feed.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.feed.stop();
  }
}

/** The revocation list and the feed that fills it from auth's events, on the gateway's NATS connection. */
export function revocationProviders(natsToken: symbol, subjectPrefix: string, tokenLifetimeSeconds: number): Provider[] {
  const lifetimeMs = tokenLifetimeSeconds * 1000;
  return [
    { provide: RevocationList, useValue: new RevocationList(lifetimeMs) },
    {
      provide: RevocationFeed,
      inject: [natsToken, RevocationList],
      // a minute more than a token lives: covers clocks that disagree a little
      useFactory: (nc: NatsConnection, list: RevocationList) => new RevocationFeed(nc, subjectPrefix, list, lifetimeMs + 60_000),
    },
    RevocationFeedLifecycle,
  ];
}
