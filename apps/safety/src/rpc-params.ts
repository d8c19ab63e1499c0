import { uuidSchema } from '@uehub/contracts';
import { parseOrThrow } from '@uehub/errors';
import { z } from 'zod';

/** The If-Match version a request carries, if any. */
export const expectedVersionOf = (value: unknown) => parseOrThrow(z.number().int().positive().optional(), value);
/** The id a request names. */
export const idOf = (value: unknown) => parseOrThrow(uuidSchema, value, 'id');
