import type { MessageCode, MessageParams } from './messages.ts';

// phone.ts and email.ts explain a refusal in English; these rules give each explanation its code.
const PHONE_RULES: Array<[RegExp, MessageCode, string[]]> = [
  [/^empty$/, 'phone.empty', []],
  [/^contains letters$/, 'phone.letters', []],
  [/^no digits$/, 'phone.no_digits', []],
  [/^too short$/, 'phone.too_short', []],
  [/^too long$/, 'phone.too_long', []],
  [/^extensions are not supported$/, 'phone.extension', []],
  [/^unknown country code$/, 'phone.unknown_country_code', []],
  [/^no country code and no default region$/, 'phone.no_region', []],
  [/^no country code and unknown default region "(.*)"$/, 'phone.unknown_region', ['region']],
  [/^wrong number of digits for region (\w+)$/, 'phone.wrong_length_region', ['region']],
  [/^wrong number of digits for country code \+(\S+)$/, 'phone.wrong_length_code', ['callingCode']],
  [/^not a valid phone number for region (\w+)$/, 'phone.invalid_region', ['region']],
  [/^not a valid phone number for country code \+(\S+)$/, 'phone.invalid_code', ['callingCode']],
  [/^not a phone number$/, 'phone.not_a_number', []],
];

const EMAIL_CODES: Record<string, MessageCode> = {
  empty: 'email.empty',
  'contains spaces': 'email.spaces',
  'missing @': 'email.no_at',
  'more than one @': 'email.many_at',
  'too long': 'email.too_long',
  'nothing before @': 'email.no_local',
  'part before @ is too long': 'email.local_too_long',
  'part before @ contains a character that is not allowed': 'email.local_character',
  'part before @ has a dot at the start, at the end or twice in a row': 'email.local_dots',
  'nothing after @': 'email.no_domain',
  'domain has no dot': 'email.domain_no_dot',
  'domain has an empty part (two dots, or a dot at the start or end)': 'email.domain_empty_part',
  'domain has a part longer than 63 characters': 'email.domain_long_part',
  'domain may only contain letters, digits and inner hyphens': 'email.domain_character',
  'domain ends in a number': 'email.domain_number',
};

/** The message code and parameters of a refused phone number or email address; {} for an explanation without one. */
export function pointProblem(kind: 'phone' | 'email', reason: string, value: string): { code?: MessageCode; params?: MessageParams } {
  if (kind === 'email') {
    const code = EMAIL_CODES[reason];
    return code ? { code, params: { value } } : {};
  }
  for (const [pattern, code, names] of PHONE_RULES) {
    const match = pattern.exec(reason);
    if (match) return { code, params: Object.fromEntries([['value', value], ...names.map((name, i) => [name, match[i + 1] ?? ''])]) };
  }
  return {};
}
