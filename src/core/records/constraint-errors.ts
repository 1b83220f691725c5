import { AppError } from '../../domain/errors.ts';
import { formatMessage } from '../../domain/messages.ts';
import type { Dialect } from '../db/dialects/dialect.ts';
import { apiField } from './fields.ts';

const codes = {
  unique: 'field.unique',
  foreign_key: 'field.foreign_key',
  check: 'field.not_allowed',
  not_null: 'field.required',
} as const;

/** Turns a constraint the database enforced into a clear 409/400 instead of a 500. */
export async function guardConstraints<T>(dialect: Dialect, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = dialect.constraintViolation(error);
    if (!violation) throw error;
    const field = violation.column ? apiField(violation.column) : 'record';
    const code = codes[violation.kind];
    const message = formatMessage('en', code) ?? code;
    throw new AppError(violation.kind === 'unique' ? 'conflict' : 'validation', {
      message: `${field} ${message}`,
      errors: [{ field, message, code }],
    });
  }
}
