// The typed client of the UE Hub HTTP API: the declarations openapi-typescript generates from
// the gateway's OpenAPI document (`npm run client:generate`), called through openapi-fetch.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/api';

export type { components, paths } from './generated/api';

export type UeHubClient = Client<paths>;
/** A schema of the document by name, e.g. `Schema<'User'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export interface UeHubClientOptions {
  /** Where the gateway answers, e.g. `https://uehub.example.com` (no `/api/v1`: the paths carry it). */
  baseUrl: string;
  /** An access token (from `POST /api/v1/auth/login`), sent as `Authorization: Bearer`. */
  token?: string;
  /** Another fetch (tests, retries); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
}

/** A client whose paths, parameters, bodies and answers are typed by the gateway's document. */
export function createUeHubClient({ baseUrl, token, fetch }: UeHubClientOptions): UeHubClient {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (token) client.use(bearer(token));
  return client;
}
