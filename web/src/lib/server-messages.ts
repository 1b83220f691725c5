// The server's problems in the reader's language: each carries a message code and parameters
// (src/domain/messages.ts) beside its English text, which stays the fallback.
import type { FieldError } from '../../../src/domain/errors.ts';
import { formatMessage, type Language, type MessageParams } from '../../../src/domain/messages.ts';

export interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
  params?: MessageParams;
  errors?: FieldError[];
}

// The catalogue's words, in English too: a validator's own English ("must NOT have more than 200
// characters") is for scripts. A parameter the server did not send keeps its English text.
const catalogued = (language: Language, code: string | undefined, params: MessageParams | undefined): string | null => {
  if (!code) return null;
  const text = formatMessage(language, code, params);
  return text === null || text.includes('{{') ? null : text;
};

/** One field's message in the language; its English message when it has no code. */
export function fieldMessage(language: Language, error: FieldError): string {
  return catalogued(language, error.code, error.params) ?? error.message;
}

// Codes that only name the class of error: the field errors or the English detail say more.
const GENERIC = new Set(['validation', 'conflict', 'unprocessable', 'request.invalid']);

/** The problem's detail in the language. */
export function problemDetail(language: Language, body: ProblemBody, fallback: string): string {
  const english = body.detail ?? fallback;
  if (!body.code) return english;
  const first = body.errors?.[0];
  if (GENERIC.has(body.code) && first) return `${first.field}${language === 'zh' ? '：' : ': '}${fieldMessage(language, first)}`;
  return (language === 'en' ? null : catalogued(language, body.code, body.params)) ?? english;
}

/** The field errors with their messages in the language. */
export const localFieldErrors = (language: Language, errors: FieldError[] = []): FieldError[] =>
  errors.map((error) => ({ ...error, message: fieldMessage(language, error) }));

/**
 * A stored problem (a failed backup's error, an unreadable file's) in the reader's language, from
 * its code — in English too: the stored English may be the system's own words ("ENOTDIR: not a
 * directory, scandir …"). Its English when it has no code.
 */
export function storedProblem(language: Language, english: string | null, code: string | null | undefined, params: MessageParams | null | undefined): string {
  return catalogued(language, code ?? undefined, params ?? {}) ?? english ?? '';
}

/** The stored English as a secondary detail, when it says something its coded message does not; else null. */
export function storedDetail(english: string | null, code: string | null | undefined, params: MessageParams | null | undefined): string | null {
  const coded = catalogued('en', code ?? undefined, params ?? {});
  return english && coded && !coded.includes(english) ? english : null;
}
