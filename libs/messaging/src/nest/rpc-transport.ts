import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { BackendService } from '@uehub/contracts';
import type { RpcServer } from '../rpc-server';
import { OWN_SERVICE } from './handles.decorator';
import { RpcHandlerContext } from './rpc-handler.context';

/**
 * `@nestjs/microservices` transport over our `RpcServer`: each `@Handles` / `@MessagePattern`
 * handler Nest collects is served through the one engine (subjects under the runtime prefix,
 * queue group, principal subjects, envelope, caller identification, deadline, call scope,
 * metrics, reply size, drain), and runs through Nest's guards, pipes, interceptors and
 * exception filters with an `RpcHandlerContext`.
 */
export class RpcTransport extends Server implements CustomTransportStrategy {
  constructor(
    private readonly rpc: RpcServer,
    /** The service a `@HandlesPerService` pattern is served as (`<service>.health`). */
    private readonly service?: BackendService,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      for (const [declared, handler] of this.getHandlers()) {
        if (handler.isEventHandler) throw new Error(`@EventPattern("${declared}") is not served over request/reply: events go through JetStream consumers`);
        const pattern = this.served(declared);
        this.rpc.serveChecked(pattern, (payload: unknown, caller) => this.invoke(handler, payload, new RpcHandlerContext([caller, pattern])));
      }
    } catch (error) {
      return callback(error);
    }
    this.rpc.registered().then(() => callback(), callback);
  }

  /** Stops taking requests and lets in-flight ones answer (the service host closes the RPC server again, a no-op then). */
  async close(): Promise<void> {
    await this.rpc.close();
  }

  on(): never {
    throw new Error('RpcTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.rpc as T;
  }

  private served(declared: string): string {
    if (!declared.startsWith(`${OWN_SERVICE}.`)) return declared;
    if (!this.service) throw new Error(`"${declared}" is a per-service pattern: give RpcTransport the service it serves`);
    return `${this.service}${declared.slice(OWN_SERVICE.length)}`;
  }

  /** The handler's one answer; a thrown error (passed on unchanged by `RpcErrorFilter`) rejects. */
  private async invoke(handler: MessageHandler, payload: unknown, context: RpcHandlerContext): Promise<unknown> {
    return lastValueFrom(this.transformToObservable(await handler(payload, context)), { defaultValue: undefined });
  }
}
