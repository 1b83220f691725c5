import { AppError } from '../../domain/errors.ts';
import type { Dialect } from '../db/dialects/dialect.ts';
import { apiField } from './fields.ts';

const messages = {
  unique: 'is already taken by another record',
  foreign_key: 'refers to a record that does not exist',
  check: 'is not an allowed value',
  not_null: 'is required',
} as const;

/** Turns a constraint the database enforced into a clear 409/400 instead of a 500. */
export async function guardConstraints<T>(dialect: Dialect, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = dialect.constraintViolation(error);
    if (!violation) throw error;
    const field = violation.column ? apiField(violation.column) : 'record';
    const message = messages[violation.kind];
    throw new AppError(violation.kind === 'unique' ? 'conflict' : 'validation', {
      message: `${field} ${message}`,
      errors: [{ field, message }],
    });
  }
}
