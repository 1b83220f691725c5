import type { FieldError } from './errors.ts';
import type { MessageCode } from './messages.ts';

/** Built-in customer fields that are encrypted at rest and masked unless revealed. */
export const SENSITIVE_CUSTOMER_FIELDS = ['idNumber', 'bankAccount'] as const;
export type SensitiveField = (typeof SENSITIVE_CUSTOMER_FIELDS)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character of an 18-character Chinese resident ID number. */
export function chineseIdCheck(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  return CHECK[sum % 11]!;
}

const compact = (value: string) => value.replace(/[\s-]+/g, '').toUpperCase();

/** ID-card number: upper case without spaces; a Chinese 18-digit number must carry its check digit. */
export function normaliseIdNumber(value: string): { value: string } | { error: string; code: MessageCode } {
  const id = compact(value);
  if (/^\d{17}[\dX]$/.test(id)) {
    return chineseIdCheck(id.slice(0, 17)) === id[17] ? { value: id } : { error: 'is not a valid ID-card number (check digit does not match)', code: 'sensitive.id_check_digit' };
  }
  if (!/^[0-9A-Z]{4,30}$/.test(id)) return { error: 'must be 4–30 letters or digits', code: 'sensitive.id_form' };
  return { value: id };
}

/** Bank account or IBAN: digits and letters, 6–34 characters. */
export function normaliseBankAccount(value: string): { value: string } | { error: string; code: MessageCode } {
  const account = compact(value);
  return /^[0-9A-Z]{6,34}$/.test(account) ? { value: account } : { error: 'must be 6–34 letters or digits', code: 'sensitive.bank_form' };
}

export const normaliseSensitive: Record<SensitiveField, (value: string) => { value: string } | { error: string; code: MessageCode }> = {
  idNumber: normaliseIdNumber,
  bankAccount: normaliseBankAccount,
};

/** Keeps the first and last four characters (fewer for short values): 1101**********1234. */
export function mask(value: string): string {
  const keep = value.length >= 12 ? 4 : Math.floor(value.length / 4);
  return value.slice(0, keep) + '*'.repeat(value.length - 2 * keep) + value.slice(value.length - keep);
}

export function checkSensitive(field: SensitiveField, value: string | null | undefined, errors: FieldError[]): string | null | undefined {
  if (value == null) return value;
  const result = normaliseSensitive[field](value);
  if ('error' in result) {
    errors.push({ field, message: result.error, code: result.code });
    return undefined;
  }
  return result.value;
}
