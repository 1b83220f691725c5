import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { foldWidth } from './text.ts';

// `max` metadata: `min` only checks lengths, so it accepts unallocated ranges such as +86 123 4567 8901.

export type PhoneResult = { ok: true; value: string; raw: string } | { ok: false; raw: string; reason: string };

const LETTER = /\p{L}/u;
const NON_DIGITS = /\D/g;
const PHONE_FRAGMENT = /^\+?[\d\s\-\u2010-\u2015.()]+$/;
const MAX_DIGITS = 17;
const MAX_INPUT_LENGTH = 250;

type Attempt = { number: PhoneNumber | undefined; text: string; region: CountryCode | undefined };

function parse(text: string, region: CountryCode | undefined): Attempt {
  const number = parsePhoneNumberFromString(text, region === undefined ? {} : { defaultCountry: region });
  return { number, text, region };
}

function isUsable(number: PhoneNumber | undefined): number is PhoneNumber {
  return number !== undefined && number.ext === undefined && number.isValid();
}

function explain({ number, text, region }: Attempt): string {
  if (number?.ext !== undefined) return 'extensions are not supported';
  const length = validatePhoneNumberLength(text, region === undefined ? {} : { defaultCountry: region });
  const where = number?.country ?? (number && text.startsWith('+') ? undefined : region);
  const place = where === undefined ? `country code +${number?.countryCallingCode ?? '?'}` : `region ${where}`;
  switch (length) {
    case 'TOO_SHORT':
      return 'too short';
    case 'TOO_LONG':
      return 'too long';
    case 'INVALID_LENGTH':
      return `wrong number of digits for ${place}`;
    case 'INVALID_COUNTRY':
      return text.startsWith('+') ? 'unknown country code' : 'no country code and no default region';
    case 'NOT_A_NUMBER':
      return 'not a phone number';
    default:
      return `not a valid phone number for ${place}`;
  }
}

/**
 * Calling codes that belong to one region only: a number parsed in national form with a default
 * region is then the same PhoneNumber as the one parsed back from its E.164 form (shared codes such
 * as +1 or +44 may resolve to another region, whose formats could differ).
 */
let singleRegionCodes: Set<string> | undefined;
function hasOneRegion(callingCode: string): boolean {
  if (singleRegionCodes === undefined) {
    const counts = new Map<string, number>();
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    singleRegionCodes = new Set([...counts].filter(([, n]) => n === 1).map(([code]) => code));
  }
  return singleRegionCodes.has(callingCode);
}

// The numbers normalisePhone accepted last, by E.164: building the search text right after
// normalising asks phoneSearchKeys for them, which then need not parse them a second time.
const RECENT_LIMIT = 64;
const recent = new Map<string, PhoneNumber>();

function accepted(number: PhoneNumber, raw: string): PhoneResult {
  if (number.country !== undefined && hasOneRegion(number.countryCallingCode)) {
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
    recent.set(number.number, number);
  }
  return { ok: true, value: number.number, raw };
}

function normalise(raw: string, defaultRegion: string): PhoneResult {
  const fail = (reason: string): PhoneResult => ({ ok: false, raw, reason });
  const text = foldWidth(raw).trim();
  if (text === '') return fail('empty');
  if (LETTER.test(text)) return fail('contains letters');
  const digits = text.replace(NON_DIGITS, '');
  if (digits === '') return fail('no digits');
  if (digits.length > MAX_DIGITS || text.length > MAX_INPUT_LENGTH) return fail('too long');

  const upper = defaultRegion.trim().toUpperCase();
  const region = isSupportedCountry(upper) ? upper : undefined;
  if (region === undefined && !text.startsWith('+')) return fail(`no country code and unknown default region "${defaultRegion}"`);

  const first = parse(text, region);
  if (isUsable(first.number)) return accepted(first.number, raw);
  // "00" is the international prefix almost everywhere outside North America; accept it whatever the default region.
  if (!text.startsWith('+') && digits.startsWith('00')) {
    const retry = parse(`+${digits.slice(2)}`, region);
    if (isUsable(retry.number)) return accepted(retry.number, raw);
  }
  return fail(explain(first));
}

/** Parses a phone number as typed (full-width digits included) into E.164; never throws. */
export function normalisePhone(raw: string, defaultRegion: string): PhoneResult {
  try {
    return normalise(raw, defaultRegion);
  } catch {
    return { ok: false, raw, reason: 'not a phone number' };
  }
}

/** Digit strings a search index should hold for an E.164 number: international, national, and national with trunk prefix. */
export function phoneSearchKeys(e164: string): string[] {
  const number = recent.get(e164) ?? parsePhoneNumberFromString(e164);
  if (number === undefined) {
    const digits = e164.replace(NON_DIGITS, '');
    return digits === '' ? [] : [digits];
  }
  const keys = [number.number.slice(1), number.nationalNumber, number.formatNational().replace(NON_DIGITS, '')];
  return [...new Set(keys)].filter((key) => key !== '');
}

/** The digits of a query that looks like part of a phone number (at least 3 digits), else null. */
export function phoneQueryDigits(q: string): string | null {
  const text = foldWidth(q).trim();
  if (!PHONE_FRAGMENT.test(text)) return null;
  const typed = text.replace(NON_DIGITS, '');
  // A leading 00 is the international prefix ("0086 138…" dials +86 138…); indexes hold 86138….
  const digits = typed.startsWith('00') ? typed.slice(2) : typed;
  return digits.length >= 3 ? digits : null;
}
