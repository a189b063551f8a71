import { z } from 'zod';
import type { FieldError } from '../errors/index.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, as every API error is answered. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem: urn:atom:problem:<code>.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().describe('Stable machine-readable code, e.g. auth.invalid_credentials.'),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
};

export function makeProblem(input: {
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  fields?: FieldError[];
  extensions?: Record<string, unknown>;
}): Problem {
  return {
    ...input.extensions,
    type: `urn:atom:problem:${input.code}`,
    title: titles[input.status] ?? (input.status >= 500 ? 'Server Error' : 'Client Error'),
    status: input.status,
    detail: input.detail,
    code: input.code,
    ...(input.instance ? { instance: input.instance } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(input.fields && input.fields.length > 0 ? { errors: input.fields } : {}),
  };
}
