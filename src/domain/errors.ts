import { formatMessage, type MessageCode, type MessageParams } from './messages.ts';

export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_required'
  | 'stale'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One field's problem: the English `message`, and its `code` and `params` for other languages (src/domain/messages.ts). */
export interface FieldError {
  field: string;
  message: string;
  code?: MessageCode;
  params?: MessageParams;
}

export interface AppErrorOptions {
  message: string;
  errors?: FieldError[];
  cause?: unknown;
  /** the message's code when more precise than the error class (e.g. record.not_found) */
  messageCode?: MessageCode;
  params?: MessageParams;
}

/** The one error type of kehu: the server maps `code` to an HTTP status, the CLI to an exit code. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly messageCode: MessageCode;
  readonly params: MessageParams;

  constructor(code: ErrorCode, options: AppErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.messageCode = options.messageCode ?? code;
    this.params = options.params ?? {};
  }
}

export function validationError(errors: FieldError[], message?: string): AppError {
  const first = errors[0];
  return new AppError('validation', {
    message: message ?? (first ? `${first.field}: ${first.message}` : 'invalid input'),
    errors,
  });
}

export function notFound(entity: string, id: number | string): AppError {
  return new AppError('not_found', { message: `${entity} ${id} not found`, messageCode: 'record.not_found', params: { entity, id } });
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** An error whose English message comes from its code's text (src/domain/messages.ts), so every language has it. */
export function codedError(code: ErrorCode, messageCode: MessageCode, params: MessageParams = {}, extra: { errors?: FieldError[]; cause?: unknown } = {}): AppError {
  return new AppError(code, { message: formatMessage('en', messageCode, params) ?? messageCode, messageCode, params, ...extra });
}

/** A field's problem with its message code: the English text comes from the code (src/domain/messages.ts). */
export function codedField(field: string, code: MessageCode, params?: MessageParams): FieldError {
  return { field, message: formatMessage('en', code, params) ?? code, code, ...(params ? { params } : {}) };
}
