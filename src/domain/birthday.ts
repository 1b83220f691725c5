import { Type } from 'typebox';
import { codedField, type FieldError } from './errors.ts';
import type { MessageCode } from './messages.ts';

/**
 * A birthday is a date whose year may be unknown: `YYYY-MM-DD`, or `--MM-DD` without the year,
 * as vCard writes it (RFC 6350 §4.3.1, `BDAY:--0203`). Both end in MM-DD, which reminders use.
 */
export const Birthday = Type.String({
  pattern: '^(\\d{4}|-)-\\d{2}-\\d{2}$',
  maxLength: 10,
  description: 'YYYY-MM-DD, or --MM-DD when the year is not known',
});

const FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const NO_YEAR = /^--(\d{2})-(\d{2})$/;
// A leap year, so that --02-29 is a real day.
const ANY_LEAP_YEAR = 2000;

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why `birthday` cannot be right, given today's date (YYYY-MM-DD, UTC), or null. */
export function birthdayProblem(birthday: string, today: string): string | null {
  return birthdayError('birthday', birthday, today)?.message ?? null;
}

/** The birthday field's error with its message code, or null for a good birthday. */
export function birthdayError(field: string, birthday: string, today: string): FieldError | null {
  const problem = (code: MessageCode) => codedField(field, code, code === 'birthday.form' ? undefined : { value: birthday });
  const full = FULL.exec(birthday);
  if (full) {
    if (!isRealDay(Number(full[1]), Number(full[2]), Number(full[3]))) return problem('birthday.not_real');
    return birthday > today ? problem('birthday.future') : null;
  }
  const noYear = NO_YEAR.exec(birthday);
  if (!noYear) return problem('birthday.form');
  return isRealDay(ANY_LEAP_YEAR, Number(noYear[1]), Number(noYear[2])) ? null : problem('birthday.not_real_day');
}

/** The MM-DD of a birthday in either form. */
export const birthdayMonthDay = (birthday: string): string => birthday.slice(-5);

/** Whether the birthday says its year. */
export const hasBirthYear = (birthday: string): boolean => FULL.test(birthday);
