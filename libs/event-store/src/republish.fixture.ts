// Test fixture (not exported): the messages of a prefix's stream, subject and parsed body, in stream order.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventStreamName } from '@uehub/contracts';
import type { NatsConnection } from '@uehub/messaging';

export async function streamMessages(nc: NatsConnection, prefix: string): Promise<{ subject: string; body: unknown }[]> {
  const info = await (await jetstreamManager(nc)).streams.info(eventStreamName(prefix));
  if (info.state.messages === 0) return [];
  const messages = await (await jetstream(nc).consumers.get(eventStreamName(prefix))).consume();
  const found: { subject: string; body: unknown }[] = [];
  for await (const msg of messages) {
    found.push({ subject: msg.subject, body: msg.json() });
    if (found.length >= info.state.messages) break;
  }
  return found;
}
