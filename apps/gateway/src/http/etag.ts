import { AppError } from '@uehub/errors';
import type { Response } from 'express';

/** Sets `ETag` to the entity version. */
export function setETag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}

/** Returns the entity after setting its `ETag`. */
export function withETag<T extends { version: number }>(res: Response, entity: T): T {
  setETag(res, entity.version);
  return entity;
}

/** Reads `If-Match` (`"3"`, `W/"3"` or `3`) as an expected version; absent gives undefined. */
export function expectedVersionFrom(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match || Number(match[1]) < 1) {
    throw new AppError('VALIDATION_FAILED', 'If-Match must be the ETag of the entity, e.g. "3"', [
      { path: 'If-Match', message: 'not an entity version' },
    ]);
  }
  return Number(match[1]);
}
