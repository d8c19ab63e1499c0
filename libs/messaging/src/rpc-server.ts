import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  principalsAllowed,
  principalSubject,
  rpcSubject,
  type RequestContext,
  type RpcMessage,
  type RpcPattern,
  type RpcReplyData,
  type RpcRequest,
  type BackendService,
  type PerServicePattern,
} from '@uehub/contracts';
import { AppError, toErrorBody } from '@uehub/errors';
import { contextOf, createLogger, inSpan, metrics, SpanKind, tracingEnabled, withCorrelation } from '@uehub/observability';
import { identifyCaller, type AccessTokenCheck, type CallRoute } from './rpc-caller';
import { DEFAULT_MAX_PAYLOAD, encodeReply, type ServerReply } from './reply-size';
import { runInCallScope } from './call-scope';
import { traceCarrierOf } from './trace-headers';

/**
 * A handler of one request/reply pattern. It receives the caller's context as the server
 * derived it: a user (verified token), a service principal (its subject) or anonymous.
 */
export type RpcHandler<P extends RpcPattern> = (
  payload: RpcRequest<P>,
  context: RequestContext | undefined,
) => Promise<RpcReplyData<P>>;

export type RpcHandlers = { [P in RpcPattern]?: RpcHandler<P> };

/** Any handler, whatever its pattern (payload and reply checked by the typed entry points). */
export type AnyRpcHandler = (payload: never, context: RequestContext) => Promise<unknown>;

const log = createLogger('rpc-server');

/**
 * Serves request/reply patterns on `<prefix>.rpc.<pattern>` in a queue group, so the
 * replicas of a service share the load, and on `<prefix>.svc.<principal>.<pattern>` for the
 * service principals that `PRINCIPAL_CALLS` lets call the pattern. Every reply is
 * `{ok, data}` or `{ok: false, error}`.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private inFlight = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly queue: string,
    /** Verifies callers' access tokens; the server never takes an actor from a message. */
    private readonly tokens: AccessTokenCheck,
    /** Turns known infrastructure failures into a stable error (e.g. database down → 503). */
    private readonly classify: (error: unknown) => AppError | undefined = () => undefined,
  ) {}

  /**
   * Serves a typed handler map: the engine's own entry, for this library's tests and benchmark.
   * Services never call it (lint rule `uehub/rpc-controllers`): their handlers are `@Handles`
   * controllers served by `RpcTransport`, where the `CallerGuard`, pipes and filter apply to every pattern.
   */
  serve(handlers: RpcHandlers): void {
    for (const [pattern, handler] of Object.entries(handlers)) this.subscribe(pattern, handler);
  }

  /** Serves a pattern that every backend service answers under its own name (`<service>.<name>`). */
  servePerService<N extends PerServicePattern>(service: BackendService, name: N, handler: RpcHandler<`${BackendService}.${N}`>): void {
    this.subscribe(`${service}.${name}`, handler);
  }

  /**
   * Serves one pattern with a handler whose types were checked elsewhere: the Nest transport
   * (`RpcTransport`) registers each `@Handles` method here, which types pattern and reply.
   */
  serveChecked(pattern: string, handler: AnyRpcHandler): void {
    this.subscribe(pattern, handler);
  }

  /**
   * Resolves once the server has every subscription made so far: until then a request can find
   * no responder (a restarted service reporting "started" while its SUBs sat in the write buffer).
   */
  async registered(): Promise<void> {
    await this.nc.flush();
  }

  private subscribe(pattern: string, handler: AnyRpcHandler): void {
    this.listen(rpcSubject(this.prefix, pattern), pattern, handler, { kind: 'rpc' });
    for (const principal of principalsAllowed(pattern)) {
      this.listen(principalSubject(this.prefix, principal, pattern), pattern, handler, { kind: 'principal', principal });
    }
  }

  private listen(subject: string, pattern: string, handler: AnyRpcHandler, route: CallRoute): void {
    const subscription = this.nc.subscribe(subject, {
      queue: this.queue,
      callback: (error, msg) => {
        if (error) return log.error({ err: error.message, pattern }, 'rpc subscription failed');
        void this.traced(pattern, msg.headers, () => this.answer(pattern, handler, msg.data, (reply) => msg.respond(reply), route));
      },
    });
    this.subscriptions.push(subscription);
  }

  /** The answer in a server span, child of the caller's span when its headers carry a trace context. */
  private traced(pattern: string, h: MsgHdrs | undefined, answer: () => Promise<void>): Promise<void> {
    if (!tracingEnabled()) return answer();
    const attributes = { 'rpc.system': 'nats', 'rpc.method': pattern };
    return inSpan(`handle ${pattern}`, { kind: SpanKind.SERVER, attributes, parent: contextOf(traceCarrierOf(h)) }, answer);
  }

  private async answer(
    pattern: string,
    handler: AnyRpcHandler,
    data: Uint8Array,
    respond: (reply: string) => boolean,
    route: CallRoute,
  ): Promise<void> {
    this.inFlight += 1;
    const timer = metrics.rpcDuration.startTimer({ pattern });
    let reply: ServerReply;
    let message: RpcMessage<RpcPattern> | undefined;
    const scope = { replayed: false };
    try {
      message = JSON.parse(new TextDecoder().decode(data)) as RpcMessage<RpcPattern>;
      const context = await identifyCaller(message, route, pattern, this.tokens);
      // the caller has stopped waiting: nobody would learn the outcome, so do not start
      if (context.deadline !== undefined && Date.now() >= context.deadline) throw new AppError('SERVICE_TIMEOUT', 'The deadline passed before the work started');
      // the payload is the pattern's request type by contract; each handler re-validates it
      const result = await runInCallScope(scope, () => withCorrelation(context.correlationId, () => handler(message!.payload as never, context)));
      // the handler's answer, possibly already encoded (`EncodedJson`), goes into the reply as it is
      reply = { ok: true, data: result as RpcReplyData<RpcPattern> };
    } catch (thrown) {
      const error = thrown instanceof AppError ? thrown : (this.classify(thrown) ?? thrown);
      if (!(error instanceof AppError) || error.code === 'SERVICE_UNAVAILABLE') {
        log.error({ pattern, correlationId: message?.context?.correlationId, err: errorText(thrown) }, 'rpc handler failed');
      }
      reply = { ok: false, error: toErrorBody(error) };
    } finally {
      this.inFlight -= 1;
    }
    if (scope.replayed) reply.replayed = true;
    const correlationId = message?.context?.correlationId;
    // never let a reply throw out of here: a rejected promise of a NATS callback would end the process
    try {
      const encoded = encodeReply(reply, this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD);
      if (encoded.tooLarge) log.error({ pattern, correlationId }, 'rpc reply over the maximum payload; answered RESULT_TOO_LARGE');
      timer({ outcome: encoded.tooLarge ? 'RESULT_TOO_LARGE' : reply.ok ? 'ok' : reply.error.code });
      respond(encoded.text);
    } catch (thrown) {
      log.error({ pattern, correlationId, err: errorText(thrown) }, 'rpc reply could not be sent');
    }
  }

  /** Stops taking requests and waits (bounded) for in-flight ones to answer. */
  async close(timeoutMs = 10_000): Promise<void> {
    const draining = this.subscriptions.splice(0);
    await Promise.all(draining.map((s) => s.drain().catch(() => undefined)));
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
