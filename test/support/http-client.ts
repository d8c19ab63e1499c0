// The whole-system tests' HTTP client: every call goes through the typed client generated from
// the gateway's OpenAPI document (@uehub/client, openapi-fetch). The method and path must be a
// documented route (a concrete URL of one of its templates, query string allowed) and the body
// the documented request body, or the test does not compile; every answer is checked against the
// served document (status, error code and, for a JSON success, the body against its schema with
// no field beyond the documented ones: see documented-responses.ts), or the call throws.
// Escape hatches, for requests that are wrong on purpose: `untyped` (no types, answer still
// checked) and `raw` (plain fetch, nothing checked: routes that do not exist, hostile bytes).
import type { components, paths } from '@uehub/client';
import createClient from 'openapi-fetch';
import { DocumentedResponses } from './documented-responses';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions<Body = unknown> {
  token?: string;
  body?: Body;
  headers?: Record<string, string>;
  rawBody?: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Template = keyof paths & string;
type OperationAt<T extends Template, M extends Method> = NonNullable<paths[T][Lowercase<M> & keyof paths[T]]>;
type TemplatesOf<M extends Method> = { [T in Template]: [OperationAt<T, M>] extends [never] ? never : T }[Template];
/** The URLs a path template stands for: a `{parameter}` is any text. */
type UrlOf<T extends string> = T extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${UrlOf<Tail>}` : T;
type UrlsOf<T extends string> = UrlOf<T> | `${UrlOf<T>}?${string}`;
/** Every URL the document has an operation for with this method. */
export type DocumentedUrl<M extends Method> = { [T in TemplatesOf<M>]: UrlsOf<T> }[TemplatesOf<M>];
type MatchingTemplates<M extends Method, P extends string> = { [T in TemplatesOf<M>]: P extends UrlsOf<T> ? T : never }[TemplatesOf<M>];
/** A template another matching one narrows (`/users/{id}` beside `/users/{id}/inventory`) gives way, as at run time. */
type Narrowest<All extends string, T extends string> = T extends unknown ? ([Exclude<All, T> extends infer O ? (O extends string ? (UrlOf<O> extends UrlOf<T> ? O : never) : never) : never] extends [never] ? T : never) : never;
type TemplateOf<M extends Method, P extends string> = Narrowest<MatchingTemplates<M, P>, MatchingTemplates<M, P>>;
type OperationOf<M extends Method, P extends string> = OperationAt<TemplateOf<M, P>, M>;

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<Op> = Op extends { responses: infer R } ? JsonOf<R[keyof R & (200 | 201 | 202)]> : never;
type RequestBodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The documented request body of a route, e.g. `RequestBody<'POST', '/api/v1/users'>`. */
export type RequestBody<M extends Method, P extends DocumentedUrl<M>> = RequestBodyOf<OperationOf<M, P>>;
type Problem = components['schemas']['Problem'];
/** The documented success body; on an error answer the same object carries the problem's fields. */
type Answer<S> = [S] extends [never] ? Partial<Problem> : S extends unknown ? S & Partial<Omit<Problem, keyof S>> : never;

export interface Api {
  /**
   * Calls a documented route; the answer is typed by the document (no type argument: a field the
   * document leaves out does not compile, and the run-time check fails on one it does not list).
   */
  <M extends Method, P extends DocumentedUrl<M>>(method: M, path: P, options?: CallOptions<RequestBodyOf<OperationOf<M, P>>>): Promise<ApiResponse<Answer<SuccessOf<OperationOf<M, P>>>>>;
  /**
   * Not typed, but the answer is still checked against the document: for routes from a table
   * (role matrices) and bodies that are invalid on purpose.
   */
  untyped<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  /** Plain fetch, nothing typed or checked: for routes that do not exist, the document itself, hostile bytes. */
  raw<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
}

function headersOf(options: CallOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return headers;
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return text ? JSON.parse(text) : undefined;
}

/** The client of the gateway at `baseUrl`. */
export function apiClient(baseUrl: string): Api {
  const client = createClient<paths>({ baseUrl });
  let documented: Promise<DocumentedResponses> | undefined;

  async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<never>> {
    const body = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
    const init = { headers: headersOf(options), body, bodySerializer: (serialized: string) => serialized, parseAs: 'text' as const };
    // the concrete URL stands for its template (openapi-fetch fills only `{parameters}`)
    const result = await client.request(method.toLowerCase() as 'get', path as never, init as never);
    const answer = parsed(result.error ?? result.data);
    documented ??= DocumentedResponses.of(baseUrl);
    const gap = (await documented).gap(method, path, result.response.status, answer);
    if (gap) throw new Error(`Undocumented answer: ${gap}. Document it in apps/gateway/src/openapi and run \`npm run client:generate\`.`);
    return { status: result.response.status, headers: result.response.headers, body: answer as never };
  }

  async function raw<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers = headersOf(options);
    const payload = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    return { status: response.status, headers: response.headers, body: parsed(await response.text()) as T };
  }

  return Object.assign(call, { untyped: call, raw }) as Api;
}

/** Logs in and returns the access token (fails the test on anything but 200). */
export async function login(api: Api, email: string, password: string): Promise<string> {
  const response = await api('POST', '/api/v1/auth/login', { body: { email, password } });
  if (response.status !== 200 || !response.body.accessToken) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}
