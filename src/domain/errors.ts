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
  MALFORMED_MULTIPART: 'bad_request',
  TOO_MANY_REQUESTS: 'rate_limited',
  // identity
  UNAUTHENTICATED: 'unauthenticated',
  TOKEN_EXPIRED: 'unauthenticated',
  TOKEN_REVOKED: 'unauthenticated',
  INVALID_CREDENTIALS: 'unauthenticated',
  INVALID_GRANT: 'bad_request',
  UNSUPPORTED_GRANT_TYPE: 'bad_request',
  TOO_MANY_ATTEMPTS: 'rate_limited',
  CSRF_TOKEN_MISMATCH: 'forbidden',
  PASSWORD_TOO_LONG: 'invalid',
  NO_ACTIVE_MEMBERSHIP: 'bad_request',
  SIGN_IN_REQUIRED: 'unauthenticated',
  INVITATION_FOR_ANOTHER_ACCOUNT: 'forbidden',
  FORBIDDEN: 'forbidden',
  ADMIN_ONLY: 'forbidden',
  ORGANIZATION_NOT_FOUND: 'not_found',
  USER_NOT_FOUND: 'not_found',
  API_TOKEN_NOT_FOUND: 'not_found',
  EMAIL_TAKEN: 'conflict',
  // organizations and their settings
  ORGANIZATION_CREATION_DISABLED: 'forbidden',
  NOT_AVAILABLE_SELF_HOSTED: 'invalid',
  SMTP_HOST_NOT_ALLOWED: 'invalid',
  SMTP_NOT_CONFIGURED: 'invalid',
  // webhooks, watchers, e-mail
  WEBHOOK_URL_NOT_ALLOWED: 'invalid',
  WEBHOOK_DELIVERY_NOT_FOUND: 'not_found',
  WEBHOOK_DELIVERY_IN_PROGRESS: 'conflict',
  WATCHER_NOT_FOUND: 'not_found',
  WATCHED_OBJECT_NOT_FOUND: 'not_found',
  // notifications
  NOTIFICATION_NOT_FOUND: 'not_found',
  UNSUBSCRIBE_LINK_INVALID: 'not_found',
  // people, roles and permissions
  ROLE_NOT_PERMITTED: 'forbidden',
  NOT_ASSIGNEE: 'forbidden',
  TEMPLATE_PERMISSION_DENIED: 'forbidden',
  INVITES_DISABLED: 'forbidden',
  GROUP_MANAGEMENT_DISABLED: 'forbidden',
  GUEST_COMMENTS_DISABLED: 'forbidden',
  GUEST_NOT_PERMITTED: 'forbidden',
  GUEST_DISABLED: 'forbidden',
  GUEST_CODE_NOT_FOUND: 'not_found',
  MEMBER_NOT_FOUND: 'not_found',
  GUEST_NOT_FOUND: 'not_found',
  GROUP_NOT_FOUND: 'not_found',
  INVITATION_NOT_FOUND: 'not_found',
  INVITATION_EXPIRED: 'invalid',
  LAST_ADMIN: 'invalid',
  ALREADY_MEMBER: 'invalid',
  ALREADY_INVITED: 'invalid',
  EMAIL_IS_GUEST: 'invalid',
  EMAIL_IS_MEMBER: 'invalid',
  GUEST_EXISTS: 'invalid',
  GROUP_NAME_TAKEN: 'invalid',
  UNKNOWN_MEMBERS: 'invalid',
  NOT_INVITED: 'invalid',
  MEMBER_NOT_DISABLED: 'invalid',
  MEMBER_NOT_ACTIVE: 'invalid',
  CANNOT_CHANGE_SELF: 'invalid',
  MEMBER_NOT_PENDING: 'invalid',
  CURRENT_PASSWORD_INCORRECT: 'invalid',
  PASSWORD_TOO_WEAK: 'invalid',
  EMAIL_CHANGE_NOT_FOUND: 'not_found',
  SESSION_TOKEN_REQUIRED: 'invalid',
  PICTURE_NOT_FOUND: 'not_found',
  IMAGE_NOT_READABLE: 'invalid',
  // templates
  TEMPLATE_NOT_FOUND: 'not_found',
  TEMPLATE_VERSION_NOT_FOUND: 'not_found',
  STEP_NOT_FOUND: 'not_found',
  FORM_FIELD_NOT_FOUND: 'not_found',
  KICKOFF_FIELD_NOT_FOUND: 'not_found',
  TEMPLATE_NOT_ARCHIVED: 'invalid',
  STEP_HAS_DEPENDENTS: 'invalid',
  FORM_FIELD_IN_USE: 'invalid',
  // automation rules
  RULE_NOT_FOUND: 'not_found',
  RULE_LOOP: 'invalid',
  // files
  ASSET_NOT_FOUND: 'not_found',
  FILE_CONTENT_MISSING: 'not_found',
  FILE_REQUIRED: 'invalid',
  FILE_TYPE_NOT_ALLOWED: 'invalid',
  FILE_FIELD_MISMATCH: 'invalid',
  FILE_TOO_LARGE: 'too_large',
  FILE_STORE_CONFLICT: 'conflict',
  // processes and tasks
  PROCESS_NOT_FOUND: 'not_found',
  TASK_NOT_FOUND: 'not_found',
  THREAD_NOT_FOUND: 'not_found',
  PROCESS_ARCHIVED: 'invalid',
  PROCESS_NOT_ARCHIVED: 'invalid',
  TEMPLATE_HAS_NO_STEPS: 'invalid',
  REQUIRED_FIELDS_MISSING: 'invalid',
  APPROVAL_DECISION_REQUIRED: 'invalid',
  TASK_ALREADY_COMPLETED: 'invalid',
  TASK_AUTO_SKIPPED: 'invalid',
  TASK_HAS_UNRESOLVED_PROBLEM: 'invalid',
  TASK_NOT_COMPLETED: 'invalid',
  TASK_COMPLETED_READ_ONLY: 'invalid',
  TASK_ARCHIVED: 'invalid',
  OVERRIDE_USER_NOT_MEMBER: 'invalid',
  STATUS_FILTER_NOT_ALLOWED: 'invalid',
  INVALID_STATUS_FILTER: 'invalid',
  ONE_OFF_TASKS_NOT_ALLOWED: 'invalid',
  NOT_A_ONE_OFF_TASK: 'invalid',
  NOT_A_PROCESS_TASK: 'invalid',
  TASK_NOT_LINKED: 'invalid',
  PROBLEM_ALREADY_RESOLVED: 'invalid',
  THREAD_LABEL_FIXED: 'invalid',
  NOT_COMMENT_AUTHOR: 'forbidden',
  // tags, folders, search, favorites
  TAG_NOT_FOUND: 'not_found',
  JOB_TITLE_NOT_FOUND: 'not_found',
  JOB_TITLE_TAKEN: 'invalid',
  ROLE_OBJECT_NOT_FOUND: 'not_found',
  TAG_TITLE_TAKEN: 'invalid',
  TAG_LINK_NOT_FOUND: 'not_found',
  TAG_SUBJECT_NOT_FOUND: 'not_found',
  UNKNOWN_TAGS: 'invalid',
  FOLDER_NOT_FOUND: 'not_found',
  FOLDER_OBJECT_NOT_FOUND: 'not_found',
  FOLDER_SUBJECT_NOT_FOUND: 'not_found',
  FOLDER_TYPE_MISMATCH: 'invalid',
  FOLDER_CYCLE: 'invalid',
  UNKNOWN_FOLDERS: 'invalid',
  FAVORITE_NOT_FOUND: 'not_found',
  FAVORITE_SUBJECT_NOT_FOUND: 'not_found',
  // the activity feed and undo
  ACTIVITY_NOT_FOUND: 'not_found',
  UNDO_NOT_AVAILABLE: 'invalid',
  ACTIVITY_ALREADY_UNDONE: 'invalid',
  UNDO_STALE: 'conflict',
  // snippets (text templates)
  SNIPPET_NOT_FOUND: 'not_found',
  SNIPPET_LINK_NOT_FOUND: 'not_found',
  // stages
  STAGE_NOT_FOUND: 'not_found',
  STAGE_SUBJECT_NOT_FOUND: 'not_found',
  STAGE_NOT_OF_TEMPLATE: 'invalid',
  STAGE_NOT_OF_PROCESS: 'invalid',
  // saved views and preferences
  VIEW_NOT_FOUND: 'not_found',
  UNKNOWN_VIEW_FILTER: 'invalid',
  INVALID_VIEW_FILTER: 'invalid',
  TOO_MANY_VIEWS: 'invalid',
  TOO_MANY_PREFERENCES: 'invalid',
  // generic
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  REFERENCE_NOT_FOUND: 'invalid',
} as const satisfies Record<string, ErrorKind>;

/** A code of the registry. Each code carries its kind, so an error's status follows from its code. */
export type ErrorCode = keyof typeof ErrorCodes;

/** The codes of one kind: `notFound` takes only not-found codes, `rejected` only invalid ones. */
export type ErrorCodeOf<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof ErrorCodes)[C] extends K ? C : never;
}[ErrorCode];

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

  /** The kind (and so the HTTP status) is the registry's for `code`. */
  constructor(
    code: ErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfter?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.kind = ErrorCodes[code];
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }
}

// Every factory takes the code first; the code's kind must be the factory's.

export const notFound = (code: ErrorCodeOf<'not_found'>, what: string) =>
  new AppError(code, `${what} not found.`);

export const forbidden = (code: ErrorCodeOf<'forbidden'>, message: string) => new AppError(code, message);

export const conflict = (code: ErrorCodeOf<'conflict'>, message: string) => new AppError(code, message);

/** A business-rule rejection (422) with a stable code. */
export const rejected = (code: ErrorCodeOf<'invalid'>, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, details ? { details } : {});

/** A validation failure (422) listing the offending fields. */
export const invalidFields = (code: ErrorCodeOf<'invalid'>, fieldErrors: FieldErrors) =>
  new AppError(code, 'The given data was invalid.', { fieldErrors });

/** Collects field errors while validating, then throws them together. */
export class FieldErrorCollector {
  private readonly errors: FieldErrors = {};

  add(path: string, message: string): void {
    const list = this.errors[path] ?? [];
    list.push(message);
    this.errors[path] = list;
  }

  /** Adds every message of `errors` (problems found earlier, refused together with these). */
  addAll(errors: Readonly<FieldErrors>): void {
    for (const [path, messages] of Object.entries(errors)) for (const m of messages) this.add(path, m);
  }

  /** Whether a message was already collected under `path`. */
  has(path: string): boolean {
    return Object.hasOwn(this.errors, path);
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** A copy of the messages collected so far, by path. */
  get collected(): FieldErrors {
    return Object.fromEntries(Object.entries(this.errors).map(([path, list]) => [path, [...list]]));
  }

  throwIfAny(code: ErrorCodeOf<'invalid'> = 'VALIDATION_FAILED'): void {
    if (!this.empty) throw invalidFields(code, this.errors);
  }
}
