import { expectedVersionSchema, uuidSchema } from '@uehub/contracts';
import { ZodPipe } from '@uehub/messaging';

/** The id a request names: `@Payload('id', idField)`. */
export const idField = new ZodPipe(uuidSchema, 'id');
/** The If-Match version a request carries, if any: `@Payload('expectedVersion', versionField)`. */
export const versionField = new ZodPipe(expectedVersionSchema);
