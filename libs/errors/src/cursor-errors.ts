import { decodeCursor } from '@uehub/contracts';
import type { z } from 'zod';
import { AppError } from './app-error';

/** The sort key inside a cursor, fully checked against `shape`; a forged or foreign cursor is VALIDATION_FAILED. */
export function cursorOrThrow<S extends z.ZodType>(cursor: string, shape: S): z.output<S> {
  const key = decodeCursor(cursor, shape);
  if (key === undefined) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', [{ path: 'cursor', message: 'is not a cursor this API issued' }]);
  }
  return key;
}
