import type { FormInstance } from 'antd';
import { fieldPath } from './format.ts';
import { isApiError } from './api.ts';

/**
 * Puts the API's field errors under the matching form fields and scrolls to the first of them.
 * Returns the messages that match no field of the form, for a general alert.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, known: string[]): string[] {
  if (!isApiError(error)) return [error instanceof Error ? error.message : String(error)];
  const rest: string[] = [];
  const fields = error.errors.flatMap((e) => {
    const path = fieldPath(e.field);
    if (!known.includes(String(path[0]))) {
      rest.push(`${e.field}: ${e.message}`);
      return [];
    }
    return [{ name: path, errors: [e.message] }];
  });
  form.setFields(fields);
  // The first field the server refused is brought into view: on a phone it may sit below the fold, and Save would seem to do nothing.
  const first = fields[0];
  if (first) form.scrollToField(first.name, { block: 'center' });
  if (error.errors.length === 0) rest.push(error.message);
  return rest;
}

/** As applyFieldErrors, but a 412 (someone changed the record meanwhile) is the stale guard's to show, with its Reload. */
export function writeProblems(form: FormInstance, error: unknown, known: string[], guard: { caught: (error: unknown) => boolean }): string[] {
  if (guard.caught(error)) return [];
  return applyFieldErrors(form, error, known);
}
