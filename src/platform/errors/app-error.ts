/** One field that was wrong in a request, as reported in problem+json `errors`. */
export interface FieldError {
  /** Where the field is, e.g. `body.email` or `query.limit`. */
  field: string;
  message: string;
}

export interface AppErrorOptions {
  /** HTTP status the API answers with; domain code decides, the HTTP layer only formats. */
  status?: number;
  cause?: unknown;
  fields?: FieldError[];
  /** Extra, non-secret members for the problem document (e.g. `retryAfter`). */
  extensions?: Record<string, unknown>;
}

/**
 * An expected failure, as a value: a stable dotted code (`memory.extract.encrypted_pdf`), a message
 * written for people, and the status the API should answer with.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
    this.fields = options.fields;
    this.extensions = options.extensions;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Common constructors, so every domain words the usual cases the same way. */
export const errors = {
  notFound: (what: string, code = 'common.not_found') =>
    new AppError(code, `${what} was not found.`, { status: 404 }),
  badRequest: (message: string, fields?: FieldError[], code = 'common.bad_request') =>
    new AppError(code, message, { status: 400, ...(fields ? { fields } : {}) }),
  conflict: (message: string, code = 'common.conflict') => new AppError(code, message, { status: 409 }),
  forbidden: (message = 'You do not have permission to do that.', code = 'common.forbidden') =>
    new AppError(code, message, { status: 403 }),
  unauthorized: (message = 'Sign in first.', code = 'common.unauthorized') =>
    new AppError(code, message, { status: 401 }),
  unavailable: (message: string, code = 'common.unavailable') => new AppError(code, message, { status: 503 }),
};
