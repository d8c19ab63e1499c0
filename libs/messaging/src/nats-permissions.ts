import {
  auditCheckpointStreamName,
  auditCheckpointSubject,
  EVENT_CONSUMERS,
  EVENT_REPLAYS,
  eventStreamName,
  GATEWAY_EVENT_FEED,
  rateLimitBucket,
  eventSubjectFilter,
  PRINCIPAL_CALLS,
  principalSubject,
  RPC_SERVICES,
  rpcSubject,
  type BackendService,
} from '@uehub/contracts';

/** Every process that connects to NATS: the gateway and each backend service. */
export const NATS_PROCESSES = ['gateway', ...RPC_SERVICES] as const;
export type NatsProcess = (typeof NATS_PROCESSES)[number];

/** What a NATS user may publish and subscribe to (server `permissions` block). */
export interface NatsPermissions {
  publish: string[];
  /** Exceptions to `publish` (a deny wins over an allow). */
  denyPublish?: string[];
  subscribe: string[];
  /** May answer requests it received (once each) without publish rights on the reply subject. */
  allowResponses: boolean;
}

/** Each process's own reply subjects, so nobody else can read its replies (tokens, for the gateway). */
export function inboxPrefixOf(prefix: string, process: NatsProcess): string {
  return `_INBOX.${prefix}.${process}`;
}

export function isNatsProcess(value: string): value is NatsProcess {
  return (NATS_PROCESSES as readonly string[]).includes(value);
}

/**
 * The least each process needs on a subject prefix. The gateway sends every request and
 * reads only its own inbox. A service publishes only its own events, calls only the
 * patterns `PRINCIPAL_CALLS` lists for it (on its own principal subjects), serves only its
 * own request subjects, and touches only the JetStream API it needs: create/read the event
 * stream, and create/read/pull/ack its own durable consumers (`EVENT_CONSUMERS`).
 */
export function natsPermissions(prefix: string, process: NatsProcess): NatsPermissions {
  const inbox = `${inboxPrefixOf(prefix, process)}.>`;
  const stream = eventStreamName(prefix);
  if (process === 'gateway') {
    const bucket = rateLimitBucket(prefix);
    return {
      publish: [
        `${prefix}.rpc.>`,
        // ordered consumers (random names) over auth's user events only: the revocation feed
        `$JS.API.STREAM.INFO.${stream}`,
        `$JS.API.CONSUMER.CREATE.${stream}.*.${eventSubjectFilter(prefix, GATEWAY_EVENT_FEED)}`,
        `$JS.API.CONSUMER.INFO.${stream}.*`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
        // the login and refresh limits every replica shares: one key-value bucket
        '$JS.API.INFO',
        `$JS.API.STREAM.INFO.KV_${bucket}`,
        `$JS.API.STREAM.CREATE.KV_${bucket}`,
        `$JS.API.DIRECT.GET.KV_${bucket}.>`,
        `$KV.${bucket}.>`,
      ],
      // ... but never the services' durables (pulling from one would steal its deliveries)
      denyPublish: othersDurables(stream, process),
      subscribe: [inbox],
      allowResponses: false,
    };
  }
  const publish = [
    eventSubjectFilter(prefix, process),
    ...PRINCIPAL_CALLS[process].map((pattern) => principalSubject(prefix, process, pattern)),
    '$JS.API.INFO', // the JetStream client checks the API once per manager
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    `$JS.API.STREAM.UPDATE.${stream}`, // NATS_STREAM_REPLICAS changed: the stream gets more or fewer copies
    '$JS.API.STREAM.NAMES', // the relay asks which stream takes a subject when a publish fails
    // create/update with a filter subject (the only way ours are made), read, pull, ack
    ...EVENT_CONSUMERS[process].flatMap((durable) => [
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
      `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    ]),
  ];
  const replays = EVENT_REPLAYS[process];
  if (replays.length > 0) {
    // ordered consumers (random names) for a rebuild check's replay, with the listed filters only
    publish.push(
      ...replays.map((feed) => `$JS.API.CONSUMER.CREATE.${stream}.*.${eventSubjectFilter(prefix, feed)}`),
      `$JS.API.CONSUMER.INFO.${stream}.*`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    );
  }
  if (process === 'audit') publish.push(...auditCheckpointCopies(prefix));
  const subscribe = [`${rpcSubject(prefix, process)}.>`, ...principalCallsTo(prefix, process), inbox];
  const permissions: NatsPermissions = { publish, subscribe, allowResponses: true };
  return replays.length > 0 ? { ...permissions, denyPublish: othersDurables(stream, process) } : permissions;
}

/** The other services' durable consumers, which a process's ordered consumers must never reach. */
function othersDurables(stream: string, process: NatsProcess): string[] {
  return Object.entries(EVENT_CONSUMERS)
    .filter(([service]) => service !== process)
    .flatMap(([, durables]) => durables)
    .flatMap((durable) => [
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
      `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    ]);
}

/** The principal subjects on which other services call this service's patterns. */
function principalCallsTo(prefix: string, service: BackendService): string[] {
  return RPC_SERVICES.flatMap((principal) =>
    PRINCIPAL_CALLS[principal].filter((pattern) => pattern.startsWith(`${service}.`)).map((pattern) => principalSubject(prefix, principal, pattern)),
  );
}

/** Audit keeps a copy of each signed checkpoint in a stream of its own. */
function auditCheckpointCopies(prefix: string): string[] {
  const stream = auditCheckpointStreamName(prefix);
  return [
    auditCheckpointSubject(prefix),
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
  ];
}
