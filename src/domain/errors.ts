/**
 * Transport-free errors. Services and the domain throw `AppError`; the HTTP layer maps
 * `kind` to a status code in one place (src/http/plugins/errors.ts).
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  | 'rate_limited';

/**
 * The registry of stable error codes. Clients may branch on these, so a code is never
 * renamed once shipped; add new ones instead.
 */
export const ErrorCodes = {
  // requests
  MALFORMED_REQUEST: 'bad_request',
  MALFORMED_JSON: 'bad_request',
  VALIDATION_FAILED: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  ROUTE_NOT_FOUND: 'not_found',
  UNSUPPORTED_MEDIA_TYPE: 'bad_request',
  // identity
  UNAUTHENTICATED: 'unauthenticated',
  TOKEN_EXPIRED: 'unauthenticated',
  TOKEN_REVOKED: 'unauthenticated',
  INVALID_CREDENTIALS: 'unauthenticated',
  INVALID_GRANT: 'bad_request',
  UNSUPPORTED_GRANT_TYPE: 'bad_request',
  TOO_MANY_ATTEMPTS: 'rate_limited',
  FORBIDDEN: 'forbidden',
  ADMIN_ONLY: 'forbidden',
  ORGANIZATION_NOT_FOUND: 'not_found',
  USER_NOT_FOUND: 'not_found',
  EMAIL_TAKEN: 'conflict',
  // generic
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ErrorCodes | (string & {});

/** Field path → messages, as in Laravel's validation errors (`{"title": ["…"]}`). */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly fieldErrors: FieldErrors | undefined;
  /** Seconds a client should wait, for `rate_limited`. */
  readonly retryAfter: number | undefined;
  /** Extra data some refusals carry (for example the missing required fields). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    kind: ErrorKind,
    code: ErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfter?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }
}

export const notFound = (what: string, code: ErrorCode = 'NOT_FOUND') =>
  new AppError('not_found', code, `${what} not found.`);

export const forbidden = (message: string, code: ErrorCode = 'FORBIDDEN') =>
  new AppError('forbidden', code, message);

export const conflict = (message: string, code: ErrorCode = 'CONFLICT') =>
  new AppError('conflict', code, message);

/** A business-rule rejection (422) with a stable code. */
export const rejected = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError('invalid', code, message, details ? { details } : {});

/** A validation failure (422) listing the offending fields. */
export const invalidFields = (fieldErrors: FieldErrors, code: ErrorCode = 'VALIDATION_FAILED') =>
  new AppError('invalid', code, 'The given data was invalid.', { fieldErrors });

/** Collects field errors while validating, then throws them together. */
export class FieldErrorCollector {
  private readonly errors: FieldErrors = {};

  add(path: string, message: string): void {
    const list = this.errors[path] ?? [];
    list.push(message);
    this.errors[path] = list;
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(code: ErrorCode = 'VALIDATION_FAILED'): void {
    if (!this.empty) throw invalidFields(this.errors, code);
  }
}
