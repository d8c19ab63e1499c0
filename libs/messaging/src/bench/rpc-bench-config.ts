import { DEFAULT_NATS_URL } from '../nats-connection';

/** The RPC benchmark's settings, read once from the environment: the NATS server to use. */
export function loadRpcBenchConfig(env: NodeJS.ProcessEnv = process.env): { natsUrl: string } {
  return { natsUrl: env.NATS_URL ?? DEFAULT_NATS_URL };
}
