import { getCountryCallingCode, Metadata, type CountryCode } from 'libphonenumber-js/max';

/**
 * What parsePhoneNumberFromString(…).isValid() decides for the common shapes of number — Chinese
 * mobiles and landlines, and +1 numbers — done with libphonenumber-js's own `max` metadata but with
 * its regular expressions compiled once instead of on every test. Each step mirrors a step of
 * libphonenumber-js 1.x's parse (calling code, IDD prefix, national prefix, country by national
 * number) and isValid; wherever a step could go a way this code does not follow (carrier codes,
 * national prefix transform rules, shared calling codes in national form), it answers undefined and
 * the caller takes the library's path.
 */

export type Resolved = { country: CountryCode; callingCode: string; national: string };

// Calling codes whose numbers are resolved here when typed in international form.
const FAST_CALLING_CODES = new Set(['86', '1']);
// Default regions whose numbers are resolved here when typed in national form (one region per calling code).
const FAST_NATIONAL_REGIONS = new Set(['CN']);
// libphonenumber's bounds on a national significant number.
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_CALLING_CODE_LENGTH = 3;
// The types, in isValid's terms, of which a valid number must be one.
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

interface TypeRule {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlan {
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  IDDPrefix(): string;
  hasTypes(): boolean;
  type(type: string): TypeRule | undefined;
}
/** The parts of libphonenumber-js's Metadata class used here (not all in its typings). */
interface MetadataApi {
  numberingPlan: NumberingPlan;
  selectNumberingPlan(countryOrCallingCode: string): void;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  countryCallingCodes(): Record<string, string[]>;
}

type Plan = {
  country: CountryCode;
  callingCode: string;
  general: RegExp;
  possibleLengths: number[] | undefined;
  // undefined: the metadata has no number types for the country, so the general pattern decides.
  types: { pattern: RegExp; lengths: number[] | undefined }[] | undefined;
  leadingDigits: RegExp | undefined;
  nationalPrefix: RegExp | undefined;
  idd: RegExp;
};

const metadata = new Metadata() as unknown as MetadataApi;
const callingCodes = new Set(Object.keys(metadata.countryCallingCodes()));
const plansByCallingCode = new Map<string, Plan[]>();

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
const atStart = (pattern: string): RegExp => new RegExp(`^(?:${pattern})`);

function compilePlan(country: CountryCode, callingCode: string): Plan {
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  const types = NUMBER_TYPES.map((type) => plan.type(type))
    .filter((rule): rule is TypeRule => rule !== undefined && rule.pattern() !== '')
    .map((rule) => ({ pattern: whole(rule.pattern()), lengths: rule.possibleLengths() }));
  const leadingDigits = plan.leadingDigits();
  const nationalPrefix = plan.nationalPrefixForParsing();
  return {
    country,
    callingCode,
    general: whole(plan.nationalNumberPattern()),
    possibleLengths: plan.possibleLengths(),
    types: plan.hasTypes() ? types : undefined,
    leadingDigits: leadingDigits ? atStart(leadingDigits) : undefined,
    nationalPrefix: nationalPrefix ? atStart(nationalPrefix) : undefined,
    idd: atStart(plan.IDDPrefix()),
  };
}

/** The plans sharing a calling code, the main one first (as the metadata lists them). */
function plansOf(callingCode: string): Plan[] {
  let plans = plansByCallingCode.get(callingCode);
  if (plans === undefined) {
    const countries = (metadata.getCountryCodesForCallingCode(callingCode) ?? []) as CountryCode[];
    plans = countries.map((country) => compilePlan(country, callingCode));
    plansByCallingCode.set(callingCode, plans);
  }
  return plans;
}

/** As libphonenumber-js's getNumberType(…) !== undefined. */
function hasType(plan: Plan, national: string): boolean {
  if (plan.types === undefined || !plan.general.test(national)) return false;
  for (const type of plan.types) {
    if ((type.lengths === undefined || type.lengths.includes(national.length)) && type.pattern.test(national)) return true;
  }
  return false;
}

/** As libphonenumber-js's isValid for a number whose country is `plan`'s. */
function isValidIn(plan: Plan, national: string): boolean {
  return plan.types === undefined ? plan.general.test(national) : hasType(plan, national);
}

/** As checkNumberLength without a type. */
function checkLength(plan: Plan, national: string): 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' {
  const lengths = plan.possibleLengths;
  if (lengths === undefined || lengths.length === 0) return 'IS_POSSIBLE';
  const length = national.length;
  const min = lengths[0] as number;
  if (min === length) return 'IS_POSSIBLE';
  if (min > length) return 'TOO_SHORT';
  if ((lengths[lengths.length - 1] as number) < length) return 'TOO_LONG';
  return lengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** As extractNationalNumber: strips a national prefix (trunk 0); undefined where carrier codes or a transform rule would apply. */
function stripNationalPrefix(plans: Plan[], digits: string): string | undefined {
  const plan = plans[0] as Plan;
  const match = plan.nationalPrefix?.exec(digits);
  if (match === undefined || match === null || match[0] === '') return digits;
  if (match.slice(1).some((group) => group !== undefined)) return undefined;
  const stripped = digits.slice(match[0].length);
  if (plan.general.test(digits) && !plan.general.test(stripped)) return digits;
  if (plan.possibleLengths === undefined) return stripped;
  // Which country's lengths apply depends on the stripped number where regions share the calling code.
  if (plans.length !== 1) return undefined;
  const length = checkLength(plan, stripped);
  return length === 'TOO_SHORT' || length === 'INVALID_LENGTH' ? digits : stripped;
}

/** As getCountryByCallingCode. */
function countryPlan(plans: Plan[], national: string): Plan | undefined {
  if (plans.length === 1) return plans[0];
  for (const plan of plans) {
    if (plan.leadingDigits === undefined ? hasType(plan, national) : plan.leadingDigits.test(national)) return plan;
  }
  return undefined;
}

/** The number for a calling code and the digits after it, if valid. */
function resolve(callingCode: string, digits: string): Resolved | undefined {
  const plans = plansOf(callingCode);
  if (plans.length === 0) return undefined;
  const national = stripNationalPrefix(plans, digits);
  if (national === undefined || national.length < MIN_NATIONAL_LENGTH || national.length > MAX_NATIONAL_LENGTH) return undefined;
  // Parsing the E.164 form again must give the same number, as phoneSearchKeys does.
  if (stripNationalPrefix(plans, national) !== national) return undefined;
  const plan = countryPlan(plans, national);
  if (plan === undefined || !isValidIn(plan, national)) return undefined;
  return { country: plan.country, callingCode, national };
}

/** The digits typed after "+" (or an IDD prefix): the calling code is the first prefix that is one. */
export function resolveInternational(digits: string): Resolved | undefined {
  if (digits.startsWith('0')) return undefined;
  for (let length = 1; length <= MAX_CALLING_CODE_LENGTH && length <= digits.length; length++) {
    const callingCode = digits.slice(0, length);
    if (callingCodes.has(callingCode)) return FAST_CALLING_CODES.has(callingCode) ? resolve(callingCode, digits.slice(length)) : undefined;
  }
  return undefined;
}

/** Digits typed without "+" with a default region: IDD prefix, calling code without "+", or national form. */
export function resolveNational(digits: string, region: string): Resolved | undefined {
  if (!FAST_NATIONAL_REGIONS.has(region)) return undefined;
  const plans = plansOf(getCountryCallingCode(region as CountryCode));
  const plan = plans[0];
  if (plans.length !== 1 || plan === undefined || plan.country !== region) return undefined;
  const idd = plan.idd.exec(digits);
  if (idd !== null) {
    const rest = digits.slice(idd[0].length);
    return rest === '' || rest.startsWith('0') ? undefined : resolveInternational(rest);
  }
  if (digits.startsWith(plan.callingCode)) {
    // As extractCountryCallingCodeFromInternationalNumberWithoutPlusSign.
    const shorter = stripNationalPrefix(plans, digits.slice(plan.callingCode.length));
    const longer = stripNationalPrefix(plans, digits);
    if (shorter === undefined || longer === undefined) return undefined;
    if ((!plan.general.test(longer) && plan.general.test(shorter)) || checkLength(plan, longer) === 'TOO_LONG') {
      return resolve(plan.callingCode, digits.slice(plan.callingCode.length));
    }
  }
  return resolve(plan.callingCode, digits);
}
