import type { FieldError } from './errors.ts';

// Years 1–9999: what ISO 8601 writes with four digits and what both databases store.
const FOUR_DIGIT_YEAR = /^(?!0000)\d{4}-/;

/**
 * An RFC 3339 time as stored: UTC with milliseconds, so text comparison (SQLite) and
 * timestamp comparison (PostgreSQL) order it the same way. Null when it is no storable
 * instant (a leap second, 24:00, year 0).
 */
export function toUtcInstant(value: string): string | null {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return FOUR_DIGIT_YEAR.test(iso) ? iso : null;
}

/** A calendar date (YYYY-MM-DD) that exists and that both databases store. */
export function isStorableDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && toUtcInstant(`${value}T00:00:00Z`)?.startsWith(value) === true;
}

/** Normalises the named time fields of a filter or input, collecting a field error for each bad one. */
export function utcFields<T extends Record<string, unknown>>(values: T, fields: Array<keyof T & string>, errors: FieldError[]): T {
  const out: Record<string, unknown> = { ...values };
  for (const field of fields) {
    const value = values[field];
    if (typeof value !== 'string') continue;
    const instant = toUtcInstant(value);
    if (instant === null) errors.push({ field, message: 'is not a storable point in time', code: 'field.date_time' });
    else out[field] = instant;
  }
  return out as T;
}
