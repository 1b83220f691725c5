import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../../domain/errors.ts';
import { RETRY_AFTER_SECONDS } from '../../core/backup/write-gate.ts';
import { formatMessage, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import { schemaFieldErrors, type SchemaIssue } from '../../domain/schema-issue.ts';

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

/** The message code and parameters of a problem, for readers of other languages (src/domain/messages.ts). */
export interface ProblemMessage {
  code: MessageCode;
  params?: MessageParams;
}

/** Writes an RFC 9457 problem document; `code` and `params` say the detail in any language. */
export function sendProblem(reply: FastifyReply, status: number, detail: string, errors?: FieldError[], message?: ProblemMessage) {
  const body: Record<string, unknown> = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (message) {
    body.code = message.code;
    if (message.params && Object.keys(message.params).length > 0) body.params = message.params;
  }
  if (errors && errors.length > 0) body.errors = errors;
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="kehu"');
  return reply.status(status).type('application/problem+json').send(body);
}

const FASTIFY_CODES: Record<string, [number, MessageCode]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.json_only'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.empty_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request.bad_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request.bad_length'],
};

const english = (code: MessageCode, params?: MessageParams): string => formatMessage('en', code, params) ?? code;
const coded = (code: MessageCode, params?: MessageParams): [string, FieldError[] | undefined, ProblemMessage] => [english(code, params), undefined, { code, ...(params ? { params } : {}) }];

/** Every error leaves as problem+json with a status below 500 unless kehu itself failed. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const status = STATUS[error.code];
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      if (status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      if (status >= 500) return sendProblem(reply, status, ...coded('internal'));
      return sendProblem(reply, status, error.message, error.errors, { code: error.messageCode, params: error.params });
    }
    if (error.validation) {
      const errors = schemaFieldErrors(error.validation as SchemaIssue[], 'body');
      const where = error.validationContext === 'body' ? 'request body' : (error.validationContext ?? 'request');
      const first = errors[0];
      if (!first) return sendProblem(reply, 400, `invalid ${where}`, undefined, { code: 'validation' });
      const params = { where, field: first.field, message: first.message };
      return sendProblem(reply, 400, english('request.invalid', params), errors, { code: 'request.invalid', params });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendProblem(reply, known[0], ...coded(known[1]));
    if (error instanceof SyntaxError) return sendProblem(reply, 400, ...coded('request.bad_json'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, error.statusCode, error.message);
    }
    // The database file is locked by a restore's copy (or held too long by another process): try again later.
    if (error.code === 'SQLITE_BUSY') {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendProblem(reply, 503, ...coded(request.deps?.writeGate?.restoring ? 'server.restoring' : 'unavailable'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, ...coded('internal'));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, ...coded('request.no_route', { method: request.method, path: request.url.split('?')[0] ?? '' })));
}
