import type { Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CallerGuard } from './rpc-access';
import { RpcErrorFilter } from './rpc-error.filter';

/** The global guard and exception filter every module serving `@Handles` patterns registers. */
export const RPC_ENHANCERS: Provider[] = [
  { provide: APP_GUARD, useClass: CallerGuard },
  { provide: APP_FILTER, useClass: RpcErrorFilter },
];
