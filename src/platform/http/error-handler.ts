import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAppError, type FieldError } from '../errors/index.js';
import { makeProblem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';

const contextName: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };

function validationFields(error: FastifyError & { validation?: unknown }): FieldError[] {
  const list = Array.isArray(error.validation) ? (error.validation as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }[]) : [];
  const where = contextName[error.validationContext ?? 'body'] ?? 'body';
  return list.map((v) => {
    const pointer = (v.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean).join('.');
    return { field: pointer ? `${where}.${pointer}` : where, message: v.message ?? 'is invalid' };
  });
}

// Fastify's own client errors, reworded for people and given stable codes.
const fastifyCodes: Record<string, { code: string; detail?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'http.unsupported_media_type', detail: 'This endpoint does not accept that content type.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'http.body_too_large', detail: 'The request body is larger than this server accepts.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'http.empty_json_body', detail: 'The content type says JSON but the body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'http.malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'http.invalid_content_length', detail: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'http.invalid_content_type', detail: 'The Content-Type header is not valid.' },
  FST_ERR_CTP_MISSING_CONTENT_TYPE: { code: 'http.missing_content_type', detail: 'The request has a body but no Content-Type.' },
  FST_ERR_BAD_URL: { code: 'http.bad_url', detail: 'The path is not valid percent-encoded UTF-8.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'http.param_too_long', detail: 'A path parameter is longer than this server accepts.' },
};

/**
 * The data directory's (or database's) disk is full: SQLite's SQLITE_FULL, the kernel's ENOSPC/EDQUOT (fs,
 * LanceDB's "os error 28"), PostgreSQL's disk_full (53100). Looked for along the `cause` chain, since
 * layers wrap it.
 */
export function isStorageFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100') return true;
    if (/No space left on device|os error 28|database or disk is full/i.test(String((e as { message?: unknown }).message ?? ''))) return true;
  }
  return false;
}

/** Turns any thrown error into problem+json. Client mistakes are 4xx; only real faults are 5xx (and logged). */
export function problemFromError(error: FastifyError, request: FastifyRequest): Problem {
  const base = { instance: request.url, requestId: request.id };
  if (isStorageFull(error)) {
    // Nothing was written (the transaction rolled back); say so plainly, so the operator frees space.
    return makeProblem({ ...base, status: 507, code: 'platform.storage.full', detail: 'The server is out of disk space, so nothing was saved. Try again once an administrator has freed space.' });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = validationFields(error);
    return makeProblem({
      ...base,
      status: 400,
      code: 'http.validation_failed',
      detail: `The request is not valid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      fields,
    });
  }
  if (isAppError(error)) {
    return makeProblem({
      ...base,
      status: error.status,
      code: error.code,
      detail: error.status >= 500 && error.status !== 503 ? 'Something went wrong on our side.' : error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.extensions ? { extensions: error.extensions } : {}),
    });
  }
  if (isResponseSerializationError(error)) {
    return makeProblem({ ...base, status: 500, code: 'http.response_invalid', detail: 'Something went wrong on our side.' });
  }
  if (error instanceof SyntaxError && error.statusCode === undefined) {
    return makeProblem({ ...base, status: 400, code: 'http.malformed_json', detail: 'The request body is not valid JSON.' });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const known = error.code ? fastifyCodes[error.code] : undefined;
    const isJsonSyntax = status === 400 && /JSON/i.test(error.message) && !known;
    return makeProblem({
      ...base,
      status,
      code: known?.code ?? (isJsonSyntax ? 'http.malformed_json' : 'http.client_error'),
      detail: known?.detail ?? (isJsonSyntax ? 'The request body is not valid JSON.' : error.message),
    });
  }
  return makeProblem({ ...base, status: status >= 500 ? status : 500, code: 'http.internal', detail: 'Something went wrong on our side.' });
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = problemFromError(error, request);
  if (problem.code === 'platform.storage.full') request.log.error({ err: { message: error.message, code: error.code } }, 'disk full: the request was not saved');
  else if (problem.status >= 500 && problem.status !== 503) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ code: problem.code }, 'request rejected');
  const retryAfter = isAppError(error) ? error.extensions?.['retryAfter'] : undefined;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  // A problem is its own shape: the route's declared schema for that status (e.g. OAuth's {error} for
  // 400) must not re-serialise it, or a refused request would turn into a 500.
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem);
}
