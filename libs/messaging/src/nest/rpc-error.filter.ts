import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands every error a handler, guard or pipe throws back to the RPC server unchanged, which
 * answers it with its stable code (`AppError`), maps known infrastructure failures (database
 * down → 503) and logs the rest as 500 INTERNAL. Nest's default RPC filter would turn an
 * `AppError` into "Internal server error".
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
