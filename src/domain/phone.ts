import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  Metadata,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { resolveInternational, resolveNational, type Resolved } from './phone-fast.ts';
import { foldWidth } from './text.ts';

// `max` metadata: `min` only checks lengths, so it accepts unallocated ranges such as +86 123 4567 8901.

export type PhoneResult = { ok: true; value: string; raw: string } | { ok: false; raw: string; reason: string };

const LETTER = /\p{L}/u;
const NON_DIGITS = /\D/g;
const PHONE_FRAGMENT = /^\+?[\d\s\-\u2010-\u2015.()]+$/;
// Digits, spaces, hyphens and brackets, "+" only first or after an opening bracket: libphonenumber
// reads these as their digits (and the "+"), with no extension, whatever the punctuation.
const PLAIN_SHAPE = /^\(?\+?[\d ()-]+$/;
const E164_SHAPE = /^\+\d+$/;
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
 * as +1 or +44 might resolve to another region, whose formats could differ). Numbers typed with "+"
 * parse the same whatever the default region.
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
const recentResolved = new Map<string, Resolved>();

function remember<T>(map: Map<string, T>, e164: string, value: T): void {
  if (map.size >= RECENT_LIMIT) map.delete(map.keys().next().value as string);
  map.set(e164, value);
}

/** `international`: typed with its calling code, so the default region played no part in parsing it. */
function accepted(number: PhoneNumber, raw: string, international: boolean): PhoneResult {
  if (international || (number.country !== undefined && hasOneRegion(number.countryCallingCode))) {
    remember(recent, number.number, number);
  }
  return { ok: true, value: number.number, raw };
}

function failure(raw: string, reason: string): PhoneResult {
  return { ok: false, raw, reason };
}

/** Resolved numbers parse back from their E.164 form to the same number, so phoneSearchKeys may reuse them. */
function resolvedNumber(resolved: Resolved, raw: string): PhoneResult {
  const value = `+${resolved.callingCode}${resolved.national}`;
  remember(recentResolved, value, resolved);
  return { ok: true, value, raw };
}

/** `fast`: common shapes are resolved without libphonenumber's parser, to the same result. */
function normalise(raw: string, defaultRegion: string, fast: boolean): PhoneResult {
  const text = foldWidth(raw).trim();
  if (text === '') return failure(raw, 'empty');
  if (LETTER.test(text)) return failure(raw, 'contains letters');
  const digits = text.replace(NON_DIGITS, '');
  if (digits === '') return failure(raw, 'no digits');
  if (digits.length > MAX_DIGITS || text.length > MAX_INPUT_LENGTH) return failure(raw, 'too long');

  const upper = defaultRegion.trim().toUpperCase();
  const region = isSupportedCountry(upper) ? upper : undefined;
  if (region === undefined && !text.startsWith('+')) return failure(raw, `no country code and unknown default region "${defaultRegion}"`);

  if (fast && PLAIN_SHAPE.test(text)) {
    // With "+" the default region plays no part; without, only a supported one has got here.
    const resolved = text.includes('+') ? resolveInternational(digits) : resolveNational(digits, region as string);
    if (resolved !== undefined) return resolvedNumber(resolved, raw);
  }

  const first = parse(text, region);
  if (isUsable(first.number)) return accepted(first.number, raw, text.startsWith('+'));
  // "00" is the international prefix almost everywhere outside North America; accept it whatever the default region.
  if (!text.startsWith('+') && digits.startsWith('00')) {
    const retry = parse(`+${digits.slice(2)}`, region);
    if (isUsable(retry.number)) return accepted(retry.number, raw, true);
  }
  return failure(raw, explain(first));
}

// An extension after the number (;ext=102 as vCard 4.0 writes it, ext. 102, x102, 转102, 分机102).
const EXTENSION = /\s*(?:;\s*ext=|,?\s*(?:ext\.?|extension|x|#|转|分机)\s*)(\d{1,10})\s*$/i;

/**
 * Parses a phone number as typed (full-width digits included) into E.164; never throws. An
 * extension stays with the number as RFC 3966 writes it: +14186569254;ext=102.
 */
export function normalisePhone(raw: string, defaultRegion: string): PhoneResult {
  try {
    const text = foldWidth(raw);
    const extension = EXTENSION.exec(text);
    if (extension === null || extension.index === 0) return normalise(raw, defaultRegion, true);
    const number = normalise(text.slice(0, extension.index), defaultRegion, true);
    return number.ok ? { ok: true, value: `${number.value};ext=${extension[1]}`, raw } : { ...number, raw };
  } catch {
    return { ok: false, raw, reason: 'not a phone number' };
  }
}

/** The number without its extension: +14186569254;ext=102 → +14186569254. */
export const withoutExtension = (value: string): string => value.replace(/;ext=\d+$/, '');

/** normalisePhone by libphonenumber's parser alone, which the fast path must agree with (for tests). */
export function normalisePhoneSlow(raw: string, defaultRegion: string): PhoneResult {
  try {
    return normalise(raw, defaultRegion, false);
  } catch {
    return { ok: false, raw, reason: 'not a phone number' };
  }
}

/** A national format rule of libphonenumber-js's metadata (its own class; not in its typings). */
interface FormatRule {
  pattern(): string;
  format(): string;
  leadingDigitsPatterns(): string[];
  nationalPrefixFormattingRule(): string | undefined;
}
type CompiledFormat = { leading: RegExp | null; entire: RegExp; pattern: RegExp; replacement: string };

// As libphonenumber-js's formatNationalNumberUsingFormat: the national prefix rule replaces the first group.
const FIRST_GROUP = /(\$\d)/;
const compiledPlans = new Map<string, CompiledFormat[]>();

function nationalFormats(country: CountryCode | undefined, callingCode: string): CompiledFormat[] {
  const key = country ?? `+${callingCode}`;
  let formats = compiledPlans.get(key);
  if (formats === undefined) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan((country ?? callingCode) as CountryCode);
    const plan = metadata.numberingPlan as unknown as { formats(): FormatRule[] };
    formats = plan.formats().map((format) => {
      const leading = format.leadingDigitsPatterns();
      const rule = format.nationalPrefixFormattingRule();
      return {
        // Anchored: matching at the start is what libphonenumber's search(…) === 0 asks, without scanning the rest.
        leading: leading.length > 0 ? new RegExp(`^(?:${leading[leading.length - 1] as string})`) : null,
        entire: new RegExp(`^(?:${format.pattern()})$`),
        pattern: new RegExp(format.pattern()),
        replacement: rule ? format.format().replace(FIRST_GROUP, rule) : format.format(),
      };
    });
    compiledPlans.set(key, formats);
  }
  return formats;
}

/**
 * The digits of formatNational() for a number without extension, choosing the format the way
 * libphonenumber-js does (first format whose last leading-digits pattern matches at the start and
 * whose pattern matches the whole number) but with its regular expressions compiled once per
 * region instead of on every call, which made formatting cost as much as parsing.
 */
function nationalFormatDigits(country: CountryCode | undefined, callingCode: string, national: string): string {
  for (const format of nationalFormats(country, callingCode)) {
    // Both must hold; the whole-number pattern, mostly a length, rules most formats out more cheaply.
    if (!format.entire.test(national)) continue;
    if (format.leading !== null && !format.leading.test(national)) continue;
    return national.replace(format.pattern, format.replacement).replace(NON_DIGITS, '');
  }
  return national;
}

/** The three keys without repeats or empty ones, in this order (a loop: this runs for every imported number). */
function searchKeys(international: string, national: string, formatted: string): string[] {
  const keys: string[] = [];
  for (const key of [international, national, formatted]) if (key !== '' && !keys.includes(key)) keys.push(key);
  return keys;
}

function slowSearchKeys(e164: string, number: PhoneNumber | undefined): string[] {
  if (number === undefined) {
    const digits = e164.replace(NON_DIGITS, '');
    return digits === '' ? [] : [digits];
  }
  const formatted =
    number.ext === undefined
      ? nationalFormatDigits(number.country, number.countryCallingCode, number.nationalNumber)
      : number.formatNational().replace(NON_DIGITS, '');
  return searchKeys(number.number.slice(1), number.nationalNumber, formatted);
}

/** Digit strings a search index should hold for an E.164 number: international, national, and national with trunk prefix. */
export function phoneSearchKeys(value: string): string[] {
  const e164 = withoutExtension(value);
  const cached = recent.get(e164);
  if (cached !== undefined) return slowSearchKeys(e164, cached);
  const resolved = recentResolved.get(e164) ?? (E164_SHAPE.test(e164) ? resolveInternational(e164.slice(1)) : undefined);
  if (resolved === undefined) return slowSearchKeys(e164, parsePhoneNumberFromString(e164));
  const { country, callingCode, national } = resolved;
  return searchKeys(`${callingCode}${national}`, national, nationalFormatDigits(country, callingCode, national));
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
