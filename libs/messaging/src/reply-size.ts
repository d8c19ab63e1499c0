import type { RpcPattern, RpcReply } from '@uehub/contracts';
import { AppError, toErrorBody } from '@uehub/errors';
import { jsonOf, type EncodedJson } from './encoded-json';

/** NATS's default maximum payload, used when the server did not say. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** How every successful reply with data starts: `replyText` writes it, `encodedDataOf` reads it. */
const OK_DATA = '{"ok":true,"data":';

/** A reply whose data may be already encoded (`EncodedJson`), as the RPC server holds it. */
export type ServerReply = RpcReply<RpcPattern> | ({ ok: true; data: EncodedJson<unknown> } & { replayed?: true });

/**
 * The reply's text. A successful one is `{"ok":true,"data":<data>}`, or
 * `{"ok":true,"replayed":true,"data":<data>}`: the data always comes last, so a caller can take
 * its bytes out without parsing them (`encodedDataOf`). Encoded data goes in as it is.
 */
export function replyText(reply: ServerReply): string {
  if (!reply.ok) return JSON.stringify(reply);
  const data = jsonOf(reply.data);
  const head = reply.replayed ? '{"ok":true,"replayed":true' : '{"ok":true';
  return data === undefined ? `${head}}` : `${head},"data":${data}}`;
}

/**
 * The data's JSON text of a successful, not replayed reply written by `replyText`, cut out of the
 * reply without parsing it; `undefined` for any other reply (an error, a replay, no data), which
 * the caller parses as usual.
 */
export function encodedDataOf(text: string): string | undefined {
  return text.startsWith(OK_DATA) && text.endsWith('}') ? text.slice(OK_DATA.length, -1) : undefined;
}

/**
 * The reply as the bus carries it. A reply over the server's maximum payload would throw in
 * `respond()`; it becomes a small RESULT_TOO_LARGE error reply instead.
 */
export function encodeReply(reply: ServerReply, maxPayload: number): { text: string; tooLarge: boolean } {
  const text = replyText(reply);
  if (Buffer.byteLength(text, 'utf8') <= maxPayload) return { text, tooLarge: false };
  const error = new AppError('RESULT_TOO_LARGE', `The answer would be larger than the ${maxPayload} bytes the bus carries`);
  return { text: JSON.stringify({ ok: false, error: toErrorBody(error) }), tooLarge: true };
}
