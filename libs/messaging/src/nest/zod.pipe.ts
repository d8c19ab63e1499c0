import type { PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@uehub/errors';
import type { z } from 'zod';

/**
 * Validates (and parses) a payload or one of its fields with a zod schema from the contracts:
 * a bad value is 400 VALIDATION_FAILED naming each field, as `parseOrThrow` answers.
 * `@Payload(new ZodPipe(schema))` or `@Payload('id', new ZodPipe(uuidSchema, 'item id'))`.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly what?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value, this.what);
  }
}
