import type { EncodedJson } from '@uehub/messaging';
import type { Response } from 'express';

/**
 * Answers with JSON a service encoded (a page built once there): the same Content-Type as
 * `res.json` (`application/json; charset=utf-8`) and the service's bytes unchanged, without
 * parsing and re-encoding them here. Returns the text for the handler to return (Nest sends it).
 */
export function sendEncoded<T>(res: Response, encoded: EncodedJson<T>): string {
  res.type('application/json');
  return encoded.json;
}
