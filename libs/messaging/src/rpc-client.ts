import type { NatsConnection } from '@nats-io/transport-node';
import {
  rpcSubject,
  type RequestContext,
  type RpcMessage,
  type RpcPattern,
  type RpcReply,
  type RpcReplyData,
  type RpcRequest,
} from '@uehub/contracts';
import { AppError } from '@uehub/errors';

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

/** Calls request/reply patterns; failures come back as AppError (503 when nobody answers). */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
  ) {}

  async call<P extends RpcPattern>(pattern: P, payload: RpcRequest<P>, context?: RequestContext): Promise<RpcReplyData<P>> {
    const message: RpcMessage<P> = { context, payload };
    let raw: string;
    try {
      const response = await this.nc.request(rpcSubject(this.prefix, pattern), JSON.stringify(message), {
        timeout: this.timeoutMs,
      });
      raw = response.string();
    } catch (error) {
      const service = pattern.split('.')[0];
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError('SERVICE_UNAVAILABLE', `The ${service} service did not answer (${reason})`);
    }
    const reply = JSON.parse(raw) as RpcReply<P>;
    if (!reply.ok) throw AppError.fromBody(reply.error);
    return reply.data;
  }
}
