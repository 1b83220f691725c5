import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../../domain/errors.ts';

export const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Writes an RFC 9457 problem document. */
export function sendProblem(reply: FastifyReply, status: number, detail: string, errors?: FieldError[]) {
  const body: Record<string, unknown> = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors && errors.length > 0) body.errors = errors;
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="kehu"');
  return reply.status(status).type('application/problem+json').send(body);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/phones/0/value" → "phones[0].value"; the query string or URL part prefixes nothing. */
function fieldOf(issue: AjvIssue): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'additionalProperties') parts.push(String(issue.params.additionalProperty));
  if (issue.keyword === 'required') parts.push(String(issue.params.missingProperty));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '') || 'body';
}

function messageOf(issue: AjvIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum') return `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  if (issue.keyword === 'format') return `must be a valid ${String(issue.params.format)}`;
  return issue.message ?? 'is not valid';
}

function fieldErrors(issues: AjvIssue[]): FieldError[] {
  const seen = new Set<string>();
  // anyOf over [type, null] reports each branch; keep the most specific message per field.
  return issues
    .filter((i) => i.keyword !== 'anyOf')
    .map((i) => ({ field: fieldOf(i), message: messageOf(i) }))
    .filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'the request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'send the body as application/json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'the JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'the body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'the Content-Length header does not match the body'],
};

/** Every error leaves as problem+json with a status below 500 unless kehu itself failed. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const status = STATUS[error.code];
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      if (status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      return sendProblem(reply, status, status >= 500 ? 'kehu could not complete the request; see the server log' : error.message, error.errors);
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as AjvIssue[]);
      const where = error.validationContext === 'body' ? 'request body' : error.validationContext;
      const first = errors[0];
      return sendProblem(reply, 400, first ? `invalid ${where}: ${first.field} ${first.message}` : `invalid ${where}`, errors);
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendProblem(reply, known[0], known[1]);
    if (error instanceof SyntaxError) return sendProblem(reply, 400, 'the body is not valid JSON');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, error.statusCode, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'kehu could not complete the request; see the server log');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, `no route for ${request.method} ${request.url.split('?')[0]}`));
}
