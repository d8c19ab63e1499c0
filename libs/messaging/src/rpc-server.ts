import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  rpcSubject,
  type RequestContext,
  type RpcMessage,
  type RpcPattern,
  type RpcReply,
  type RpcReplyData,
  type RpcRequest,
  type ServiceHealth,
} from '@uehub/contracts';
import { AppError, toErrorBody } from '@uehub/errors';
import { createLogger, metrics, withCorrelation } from '@uehub/observability';

/** A handler of one request/reply pattern; it receives the caller's context when there is one. */
export type RpcHandler<P extends RpcPattern> = (
  payload: RpcRequest<P>,
  context: RequestContext | undefined,
) => Promise<RpcReplyData<P>>;

export type RpcHandlers = { [P in RpcPattern]?: RpcHandler<P> };

const log = createLogger('rpc-server');

/**
 * Serves request/reply patterns on `<prefix>.rpc.<pattern>` in a queue group, so the
 * replicas of a service share the load. Every reply is `{ok, data}` or `{ok: false, error}`.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private inFlight = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly queue: string,
  ) {}

  serve(handlers: RpcHandlers): void {
    for (const [pattern, handler] of Object.entries(handlers)) this.subscribe(pattern, handler as RpcHandler<RpcPattern>);
  }

  /** Answers `<service>.health` with the service's readiness. */
  serveHealth(service: string, check: () => Promise<ServiceHealth>): void {
    this.subscribe(`${service}.health`, check);
  }

  private subscribe(pattern: string, handler: RpcHandler<RpcPattern>): void {
    const subscription = this.nc.subscribe(rpcSubject(this.prefix, pattern), {
      queue: this.queue,
      callback: (error, msg) => {
        if (error) return log.error({ err: error.message, pattern }, 'rpc subscription failed');
        void this.answer(pattern, handler, msg.data, (reply) => msg.respond(reply));
      },
    });
    this.subscriptions.push(subscription);
  }

  private async answer(
    pattern: string,
    handler: RpcHandler<RpcPattern>,
    data: Uint8Array,
    respond: (reply: string) => boolean,
  ): Promise<void> {
    this.inFlight += 1;
    const timer = metrics.rpcDuration.startTimer({ pattern });
    let reply: RpcReply<RpcPattern>;
    let message: RpcMessage<RpcPattern> | undefined;
    try {
      message = JSON.parse(new TextDecoder().decode(data)) as RpcMessage<RpcPattern>;
      const context = message.context;
      const result = await withCorrelation(context?.correlationId ?? 'none', () => handler(message!.payload, context));
      reply = { ok: true, data: result };
    } catch (error) {
      if (!(error instanceof AppError)) {
        log.error({ pattern, correlationId: message?.context?.correlationId, err: errorText(error) }, 'rpc handler failed');
      }
      reply = { ok: false, error: toErrorBody(error) };
    } finally {
      this.inFlight -= 1;
    }
    timer({ outcome: reply.ok ? 'ok' : reply.error.code });
    respond(JSON.stringify(reply));
  }

  /** Stops taking requests and waits (bounded) for in-flight ones to answer. */
  async close(timeoutMs = 10_000): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
