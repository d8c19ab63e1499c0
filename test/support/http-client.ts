// A small HTTP client for the whole-system tests (Node's fetch against the gateway).
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

export function apiClient(baseUrl: string) {
  return async function call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const body = (text ? JSON.parse(text) : undefined) as T;
    return { status: response.status, headers: response.headers, body };
  };
}

export type Api = ReturnType<typeof apiClient>;

/** Logs in and returns the access token (fails the test on anything but 200). */
export async function login(api: Api, email: string, password: string): Promise<string> {
  const response = await api<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}
