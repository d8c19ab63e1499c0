import { MessagePattern } from '@nestjs/microservices';
import type { RpcPattern, RpcReplyData } from '@uehub/contracts';

/**
 * `@MessagePattern` for a pattern of the contracts' `RpcPatterns`, with its reply type checked:
 * the method must resolve to `RpcReplyData<P>`. Served by `RpcTransport` on
 * `<prefix>.rpc.<pattern>` (and listed principals' subjects).
 */
export function Handles<P extends RpcPattern>(pattern: P) {
  return <M extends (...args: never[]) => Promise<RpcReplyData<P>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(pattern)(target, key, descriptor);
  };
}
