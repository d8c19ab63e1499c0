import { MessagePattern } from '@nestjs/microservices';
import type { BackendService, PerServicePattern, RpcPattern, RpcReplyData } from '@uehub/contracts';
import type { EncodedJson } from '../encoded-json';

/** Stands for the serving service's name in a per-service pattern until `RpcTransport` fills it in. */
export const OWN_SERVICE = '$service';

/**
 * `@MessagePattern` for a pattern of the contracts' `RpcPatterns`, with its reply type checked:
 * the method must resolve to `RpcReplyData<P>`, or to it already encoded (`EncodedJson`, sent as it is). Served by `RpcTransport` on
 * `<prefix>.rpc.<pattern>` (and listed principals' subjects).
 */
export function Handles<P extends RpcPattern>(pattern: P) {
  return <M extends (...args: never[]) => Promise<RpcReplyData<P> | EncodedJson<RpcReplyData<P>>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(pattern)(target, key, descriptor);
  };
}

/** A pattern every backend service answers under its own name (`<service>.health`): served as the transport's service. */
export function HandlesPerService<N extends PerServicePattern>(name: N) {
  return <M extends (...args: never[]) => Promise<RpcReplyData<`${BackendService}.${N}`>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    MessagePattern(`${OWN_SERVICE}.${name}`)(target, key, descriptor);
  };
}
