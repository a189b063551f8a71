/** A problem+json answer from the API, as a value the UI can show (detail) and branch on (code, fields). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: { field: string; message: string }[] = [],
    /** The whole problem document: domains add members of their own (a workflow's `issues`). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** True when the browser could not reach the server at all (offline, server down). */
export const isNetworkError = (e: unknown): boolean => e instanceof TypeError;

let csrfToken: string | undefined;
/** The auth module sets the CSRF token it got from GET /api/auth/csrf; it is sent on every mutation. */
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Lets the request outlive the page (a leave sent on pagehide). */
  keepalive?: boolean;
}

/** JSON over fetch with the session cookie; throws ApiError for problem+json answers. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.keepalive ? { keepalive: true } : {}),
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const p = (typeof body === 'object' && body !== null ? body : {}) as { code?: string; detail?: string; errors?: { field: string; message: string }[] };
    throw new ApiError(res.status, p.code ?? 'http.error', p.detail ?? `The server answered ${res.status}.`, p.errors ?? [], p as Record<string, unknown>);
  }
  return body as T;
}
