/** Digits after the decimal point of a currency's minor unit (2 for CNY, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export const toMajor = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);
export const toMinor = (major: number, currency: string) => Math.round(major * 10 ** minorDigits(currency));

/** The currencies offered in deal and order forms. */
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
