import type { NatsConnection } from '@nats-io/transport-node';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import {
  principalMayCall,
  principalSubject,
  rpcSubject,
  type RpcCallContext,
  type RpcMessage,
  type RpcPattern,
  type RpcReply,
  type RpcReplyData,
  type RpcRequest,
} from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { inSpan, SpanKind, tracingEnabled } from '@uehub/observability';
import { markReplayed } from './call-scope';
import { EncodedJson } from './encoded-json';
import { encodedDataOf } from './reply-size';
import { watchConnection, type ConnectionWatch } from './connection-watch';
import { notConnected, rpcFailure } from './rpc-failure';
import { traceHeaders } from './trace-headers';

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

/**
 * The deadline a call carries: the caller's timeout less a margin (1 s, or a fifth of short
 * timeouts), so a service that stops at the deadline still answers before the caller gives up.
 */
export function deadlineBudgetMs(timeoutMs: number): number {
  return timeoutMs - Math.min(1_000, Math.floor(timeoutMs / 5));
}

/**
 * On whose behalf a call goes: the user's access token (the gateway forwards the bearer
 * token) and the call context. Any other field (an actor, say) is never sent: the receiver
 * derives the caller itself.
 */
export interface RpcCaller extends Partial<RpcCallContext> {
  token?: string;
}

/**
 * Calls request/reply patterns; failures come back as AppError: 503 SERVICE_UNAVAILABLE when
 * the request never reached a service (safe to retry), 503 SERVICE_TIMEOUT (no Retry-After) when no answer came
 * (in time, or before the connection dropped: it may have been applied). Every call carries a
 * deadline; requests in flight fail at once when the connection drops.
 * With a `principal` (a service acting on its own) every call goes to that principal's own
 * subjects, which NATS lets only that service publish, and only patterns `PRINCIPAL_CALLS`
 * lists for it are sent at all.
 *
 * It is a Nest `ClientProxy` too: `request(pattern, payload, caller)` is the typed Observable
 * form of `call`, and Nest's untyped `send(pattern, data)` sends the same envelope (the caller
 * from the packet's metadata, e.g. set by `setOnDispatchHook`). The connection belongs to whoever
 * opened it: `connect()` and `close()` neither open nor drain it.
 */
export class RpcClient extends ClientProxy {
  private readonly watch: ConnectionWatch;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
    private readonly principal?: string,
  ) {
    super();
    this.watch = watchConnection(nc);
  }

  /** `call` as an Observable: one value (the reply's data) or an `AppError`. */
  request<P extends RpcPattern>(pattern: P, payload: RpcRequest<P>, caller?: RpcCaller): Observable<RpcReplyData<P>> {
    return new Observable((subscriber) => {
      this.call(pattern, payload, caller).then(
        (data) => {
          subscriber.next(data);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
    });
  }

  connect(): Promise<NatsConnection> {
    return Promise.resolve(this.nc);
  }

  close(): void {
    // the connection is its owner's to drain (gateway module, service host)
  }

  unwrap<T>(): T {
    return this.nc as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    this.call(packet.pattern as RpcPattern, packet.data as never, callerOf(packet.metadata)).then(
      (response) => callback({ response, isDisposed: true }),
      (err: unknown) => callback({ err, isDisposed: true }),
    );
    return () => undefined;
  }

  protected dispatchEvent(): Promise<never> {
    return Promise.reject(new Error('Events go through the outbox and JetStream, not request/reply'));
  }

  async call<P extends RpcPattern>(pattern: P, payload: RpcRequest<P>, caller?: RpcCaller): Promise<RpcReplyData<P>> {
    return dataOf(await this.exchange(pattern, payload, caller));
  }

  /**
   * `call`, with the reply's data as its JSON text, not parsed: the gateway sends these bytes as
   * they are (a page the service encoded once). A reply that is not plain success data (an error,
   * a replay) is parsed as by `call`: errors throw the same `AppError`.
   */
  async callEncoded<P extends RpcPattern>(pattern: P, payload: RpcRequest<P>, caller?: RpcCaller): Promise<EncodedJson<RpcReplyData<P>>> {
    const raw = await this.exchange(pattern, payload, caller);
    const encoded = encodedDataOf(raw);
    return new EncodedJson(encoded ?? JSON.stringify(dataOf<P>(raw)));
  }

  /** Sends the call and returns the reply's text; the transport's failures come back as AppError. */
  private async exchange<P extends RpcPattern>(pattern: P, payload: RpcRequest<P>, caller?: RpcCaller): Promise<string> {
    const deadline = Math.min(caller?.deadline ?? Infinity, Date.now() + deadlineBudgetMs(this.timeoutMs));
    const message: RpcMessage<P> = { context: { ...callContext(caller), correlationId: caller?.correlationId ?? 'none', deadline }, payload };
    let subject = rpcSubject(this.prefix, pattern);
    if (this.principal) {
      if (!principalMayCall(this.principal, pattern)) throw new AppError('FORBIDDEN', `The service ${this.principal} may not call ${pattern}`);
      subject = principalSubject(this.prefix, this.principal, pattern);
    } else if (caller?.token) {
      message.auth = { token: caller.token };
    }
    const service = pattern.split('.')[0];
    if (!this.watch.connected) throw notConnected(service);
    if (!tracingEnabled()) return this.requestOverNats(subject, message, service);
    return inSpan(`call ${pattern}`, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.method': pattern } }, () => this.requestOverNats(subject, message, service));
  }

  /** One request over NATS, with the active span's trace context in its headers: the reply's text. */
  private async requestOverNats<P extends RpcPattern>(subject: string, message: RpcMessage<P>, service: string): Promise<string> {
    try {
      const response = await this.watch.guard(this.nc.request(subject, JSON.stringify(message), { timeout: this.timeoutMs, headers: traceHeaders() }));
      return response.string();
    } catch (error) {
      throw rpcFailure(error, service);
    }
  }
}

/** The data of a reply's text; an error reply throws its `AppError`, a replayed one marks the call scope. */
function dataOf<P extends RpcPattern>(raw: string): RpcReplyData<P> {
  const reply = JSON.parse(raw) as RpcReply<P>;
  if (reply.replayed) markReplayed();
  if (!reply.ok) throw AppError.fromBody(reply.error);
  return reply.data;
}

/** The caller a packet's metadata names (Nest's `send`): every field is a string there. */
function callerOf(metadata: Record<string, string> | undefined): RpcCaller | undefined {
  if (!metadata) return undefined;
  const { token, correlationId, requestId, ip, userAgent, idempotencyKey, deadline } = metadata;
  return { token, correlationId, requestId, ip, userAgent, idempotencyKey, deadline: deadline === undefined ? undefined : Number(deadline) };
}

/** Only the non-identity fields of a caller. */
function callContext(caller: RpcCaller | undefined): RpcCallContext | undefined {
  if (!caller) return undefined;
  const { correlationId, requestId, ip, userAgent, idempotencyKey } = caller;
  return { correlationId: correlationId ?? 'none', requestId, ip, userAgent, idempotencyKey };
}
