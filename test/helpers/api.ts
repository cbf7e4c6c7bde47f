import type { App } from '../../src/http/types.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Calls the app through `inject` as a client would, with a bearer token and JSON. */
export function apiClient(app: App, token?: string) {
  const call = async <T = any>(method: Method, url: string, body?: unknown): Promise<ApiResponse<T>> => {
    const response = await app.inject({
      method,
      url,
      headers: {
        accept: 'application/json',
        'x-tallyfy-client': 'APIClient',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const text = response.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: leave the text for the assertion to look at.
    }
    return { status: response.statusCode, body: parsed as T, headers: response.headers };
  };
  return {
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
    put: <T = any>(url: string, body?: unknown) => call<T>('PUT', url, body ?? {}),
    patch: <T = any>(url: string, body?: unknown) => call<T>('PATCH', url, body ?? {}),
    delete: <T = any>(url: string, body?: unknown) => call<T>('DELETE', url, body),
    call,
  };
}

export type Api = ReturnType<typeof apiClient>;
