import { BaseRpcContext } from '@nestjs/microservices';
import type { RequestContext } from '@uehub/contracts';

/**
 * What a Nest message handler (and its guards, pipes and filters) learns about a call besides
 * the payload: the caller as the RPC server derived it (verified token, principal subject or
 * anonymous; never taken from the message) and the pattern it was called on.
 */
export class RpcHandlerContext extends BaseRpcContext<[caller: RequestContext, pattern: string]> {
  get caller(): RequestContext {
    return this.args[0];
  }

  get pattern(): string {
    return this.args[1];
  }
}
