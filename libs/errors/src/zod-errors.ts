import type { FieldError } from '@uehub/contracts';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Parses input with a zod schema, turning failures into VALIDATION_FAILED with one entry per field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', `The ${what} is not valid`, errors);
}
