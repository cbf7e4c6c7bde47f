import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The error body every Flowlane route answers with; `errors` only for validation. */
export interface ErrorBody {
  error: true;
  code: string;
  message: string;
  errors?: Record<string, string[]>;
}

/** A failed call, carrying the server's own message and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token, from the sign-in answer or `GET /session`. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function getCsrfToken(): string | undefined {
  return csrfToken;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** Typed calls to the public API; the session cookie goes along by itself (same origin). */
export const api = createClient<paths>({ baseUrl: '/api', credentials: 'same-origin' });
api.use(csrf);

/** Turns an error body (or a body that is not one) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const b = body as Partial<ErrorBody> | undefined;
  if (b && typeof b === 'object' && typeof b.message === 'string') {
    return new ApiError(status, b.code ?? 'ERROR', b.message, b.errors ?? {});
  }
  return new ApiError(status, 'ERROR', `The server answered ${status}.`);
}

/** The data of an openapi-fetch result, or the server's error thrown. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): NonNullable<T> {
  if (result.error !== undefined || !result.response.ok)
    throw toApiError(result.response.status, result.error);
  return result.data as NonNullable<T>;
}

/**
 * A multipart upload with progress (fetch reports none for request bodies), with the same
 * cookie and CSRF header as every other call.
 */
export function uploadWithProgress(
  url: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload could not reach the server.'));
    xhr.send(form);
  });
}
