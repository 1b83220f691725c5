import type { FieldError } from './errors.ts';
// ISO 4217 codes as the runtime's ICU knows them; an engine without the list falls back to the pattern alone.
const knownCurrencies: ReadonlySet<string> | null =
  typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;

export const DEFAULT_CURRENCY = 'CNY';

/** Largest amount kehu stores: below 2^53, so it survives JSON and JavaScript numbers intact. */
export const MAX_MONEY = 9_000_000_000_000_000;

/** A currency field's error, with its message code, or null for an ISO 4217 currency. */
export function currencyError(field: string, code: string): FieldError | null {
  const message = currencyProblem(code);
  if (message === null) return null;
  return /^[A-Z]{3}$/.test(code) ? { field, message, code: 'field.currency_unknown', params: { value: code } } : { field, message, code: 'field.currency_form' };
}

/** Why `code` is not an ISO 4217 currency, or null when it is. */
export function currencyProblem(code: string): string | null {
  if (!/^[A-Z]{3}$/.test(code)) return 'must be an ISO 4217 code of three capital letters, e.g. CNY';
  if (knownCurrencies && !knownCurrencies.has(code)) return `${code} is not an ISO 4217 currency`;
  return null;
}

export const isStorableMoney = (amount: number): boolean => Number.isSafeInteger(amount) && amount >= 0 && amount <= MAX_MONEY;
