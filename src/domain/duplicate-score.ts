import { companyName, compareCompanyNames, type CompanyName } from './company-name.ts';
import { reasonText, why, type DuplicateReason } from './duplicate-reasons.ts';
import { nameKeys } from './pinyin.ts';
import { compareText, comparePersonNames, editDistance, jaroWinkler, personName, plainWords, sortWords, type PersonName } from './similarity.ts';
import { hasHan } from './text.ts';

/** What duplicate detection compares of one customer or contact. */
export interface DedupeRecord {
  id: number;
  kind: 'person' | 'company';
  name: string;
  person: PersonName | null;
  company: CompanyName | null;
  /** E.164 */
  phones: string[];
  /** normalised, lower case */
  emails: string[];
  /** local parts of the e-mails that are all digits (13812345678@163.com): a phone in the wrong field */
  emailDigits: string[];
  /** plain lower-case words; Chinese place names in pinyin */
  city: string;
  province: string;
  address: string;
  /** the address's words sorted */
  addressWords: string;
  /** the first number in the address (the house number, '' when none) */
  streetNumber: string;
  /** letters and digits, lower case ('' when unknown) */
  postcode: string;
  /** YYYY-MM-DD or --MM-DD ('' when unknown) */
  birthday: string;
  /** blind index of the ID number (a company's registration number) */
  idKey: string | null;
  /** contacts: the customer they belong to */
  groupId: number | null;
}

export interface DedupeInput {
  id: number;
  kind: 'person' | 'company';
  name: string;
  /** the stored name_pinyin, if at hand */
  pinyin?: string | undefined;
  phones: string[];
  emails: string[];
  city?: string | null | undefined;
  province?: string | null | undefined;
  address?: string | null | undefined;
  postcode?: string | null | undefined;
  birthday?: string | null | undefined;
  idKey?: string | null | undefined;
  groupId?: number | null | undefined;
}

const placeCache = new Map<string, string>();
/** 北京 / 北京市 / Beijing → beijing */
function place(text: string | null | undefined): string {
  if (!text) return '';
  const cached = placeCache.get(text);
  if (cached !== undefined) return cached;
  const plain = hasHan(text) ? nameKeys(text.trim().replace(/[省市区县]$/, ''), { isPerson: false }).pinyin : plainWords(text).replace(/ /g, '');
  if (placeCache.size < 50_000) placeCache.set(text, plain);
  return plain;
}

const NONE: string[] = [];
const DIGITS = /^\d{7,15}$/;

function emailDigits(emails: string[]): string[] {
  let digits: string[] | null = null;
  for (const email of emails) {
    const local = email.slice(0, email.indexOf('@'));
    if (DIGITS.test(local)) (digits ??= []).push(local);
  }
  return digits ?? NONE;
}

const FIRST_NUMBER = /\d+/;

export function dedupeRecord(input: DedupeInput): DedupeRecord {
  const address = input.address ? plainWords(input.address) : '';
  return {
    id: input.id,
    kind: input.kind,
    name: input.name,
    person: input.kind === 'person' ? personName(input.name, input.pinyin) : null,
    company: input.kind === 'company' ? companyName(input.name) : null,
    // A scan holds a million of these: empty lists are one shared array.
    phones: input.phones.length === 0 ? NONE : input.phones,
    emails: input.emails.length === 0 ? NONE : input.emails,
    emailDigits: emailDigits(input.emails),
    city: place(input.city),
    province: place(input.province),
    address,
    addressWords: sortWords(address),
    streetNumber: FIRST_NUMBER.exec(address)?.[0] ?? '',
    postcode: input.postcode ? input.postcode.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '') : '',
    birthday: input.birthday ?? '',
    idKey: input.idKey ?? null,
    groupId: input.groupId ?? null,
  };
}

export interface PairScore {
  /** 0..1 */
  score: number;
  /** in English, e.g. "same phone +8613812345678" */
  reasons: string[];
  /** the same reasons as message codes and parameters (src/domain/messages.ts), for any language */
  reasonCodes: DuplicateReason[];
}


/** Equal length and one digit changed, or two neighbours swapped. */
function oneDigitApart(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  let first = -1;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) === y.charCodeAt(i)) continue;
    if (++count > 2) return false;
    if (first < 0) first = i;
  }
  if (count <= 1) return true;
  return x[first] === y[first + 1] && x[first + 1] === y[first];
}

/** Points for two birthdays: the same day weighs much (namesakes rarely share it), a typo little, another day against. */
function compareBirthdays(a: string, b: string, reasons: DuplicateReason[] | null): number {
  if (a === b) {
    reasons?.push(why('duplicate.same_birthday', { birthday: a }));
    return a.startsWith('--') ? 1 : SAME_BIRTHDAY;
  }
  // One without its year (--MM-DD): only the day and month can agree.
  if (a.startsWith('--') || b.startsWith('--')) return a.slice(-5) === b.slice(-5) ? 1 : -1.5;
  if (oneDigitApart(a, b) || a === `${b.slice(0, 5)}${b.slice(8)}-${b.slice(5, 7)}`) {
    reasons?.push(why('duplicate.near_birthday', { a, b }));
    return 1.5;
  }
  return -0.5;
}

function nearPhone(a: string[], b: string[]): [string, string] | null {
  for (const x of a) for (const y of b) if (oneDigitApart(x, y)) return [x, y];
  return null;
}

function phoneInEmail(phones: string[], digits: string[], emails: string[]): [string, string] | null {
  for (const local of digits) {
    for (const phone of phones) if (phone.endsWith(local)) return [phone, emails.find((e) => e.startsWith(`${local}@`)) ?? local];
  }
  return null;
}

function shared(a: string[], b: string[]): string[] | null {
  let found: string[] | null = null;
  for (const x of a) for (const y of b) if (x === y) (found ??= []).push(x);
  return found;
}

function sameTail(x: string, from: number, y: string, yFrom: number): boolean {
  for (let i = from, j = yFrom; i < x.length; i++, j++) if (x.charCodeAt(i) !== y.charCodeAt(j)) return false;
  return true;
}

function nearEmail(a: string[], b: string[]): [string, string] | null {
  for (const x of a) {
    const ax = x.indexOf('@');
    for (const y of b) {
      const ay = y.indexOf('@');
      if (ax < 4 || Math.abs(ax - ay) > 2 || x.length - ax !== y.length - ay || !sameTail(x, ax, y, ay)) continue;
      const lx = x.slice(0, ax);
      const ly = y.slice(0, ay);
      if (editDistance(lx, ly, 1) <= 1 || jaroWinkler(lx, ly) >= 0.94) return [x, y];
    }
  }
  return null;
}

const SLOPE = 1.2;
const MIDPOINT = 4.5;
const MOST_FROM_NAME = 3;
const NO_MATCH: PairScore = Object.freeze({ score: 0, reasons: Object.freeze([]) as unknown as string[], reasonCodes: Object.freeze([]) as unknown as DuplicateReason[] });
const SAME_BIRTHDAY = 4;
const BIRTHDAY_AT_PLACE = 2.5;
/** Where a pair worth a look but not a merge lands: above the scan's default minimum (0.7). */
const REVIEW_SCORE = 0.75;

/** Two companies of the identical full name in one city: registered names are unique there, so always worth a review. */
const sameCompanyInCity = (a: DedupeRecord, b: DedupeRecord) =>
  a.company !== null && b.company !== null && a.city !== '' && a.city === b.city && a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
/** Both records match a third strongly: about as much as a similar address, so what contradicts it still counts. */
const SHARED_MATCH = 2;
const SAME_POSTCODE = 1.5;
const SAME_ADDRESS = 3.5;
const addressPoints = (s: number) => (s >= 0.99 ? SAME_ADDRESS : s >= 0.95 ? 3 : s >= 0.85 ? 2 : s >= 0.75 ? 0.5 : s < 0.6 ? -1 : 0);
/** The same house number and postcode is one dwelling, even where the street's name was misspelt, reworded or left out. */
const SAME_DWELLING = 2;
const isOneDwelling = (a: DedupeRecord, b: DedupeRecord) => a.streetNumber !== '' && a.streetNumber === b.streetNumber && a.postcode !== '' && a.postcode === b.postcode;
/** What address (3), postcode, city (0.5), province (0.25), birthday and customer (1) can still add. */
const mostFromPlaces = (a: DedupeRecord, b: DedupeRecord) =>
  (a.address !== '' && b.address !== '' ? SAME_ADDRESS : 0) +
  (a.postcode !== '' && b.postcode !== '' ? SAME_POSTCODE : 0) +
  (a.city !== '' && b.city !== '' ? 0.5 : 0) +
  (a.province !== '' && b.province !== '' ? 0.25 : 0) +
  (a.birthday !== '' && b.birthday !== '' ? SAME_BIRTHDAY : 0) +
  (a.groupId !== null && b.groupId !== null ? 1 : 0);
const pointsFor = (score: number) => (score <= 0 ? Number.NEGATIVE_INFINITY : score >= 1 ? Number.POSITIVE_INFINITY : MIDPOINT + Math.log(score / (1 - score)) / SLOPE);

const shareWord = (a: string[], b: string[]) => a.some((x) => x.length > 1 && b.some((y) => y.length > 1 && jaroWinkler(x, y) >= 0.9));
const nameWeight = (s: number) => (s >= 0.97 ? 3 : s >= 0.9 ? 2.75 : s >= 0.85 ? 2.25 : s >= 0.8 ? 1.5 : s >= 0.7 ? 0 : -2.5);
const pct = (s: number) => s.toFixed(2);

function compareNames(a: DedupeRecord, b: DedupeRecord, reasons: DuplicateReason[] | null): number {
  if (a.person && b.person) {
    const match = comparePersonNames(a.person, b.person);
    if (reasons && match.similarity >= 0.8) {
      const pair = { a: a.name, b: b.name };
      if (match.how === 'same') reasons.push(a.name === b.name ? why('duplicate.same_name', { name: a.name }) : why('duplicate.name_variant', pair));
      else if (match.how === 'pinyin') reasons.push(why('duplicate.name_pinyin', pair));
      else if (match.how === 'swapped') reasons.push(why('duplicate.name_swapped', pair));
      else reasons.push(why('duplicate.similar_name', { ...pair, similarity: pct(match.similarity) }));
    }
    // One word of the name alike (the family name, say) and the other not: a name replaced or a
    // relative; birthday and address decide, so it weighs less against than two strangers' names.
    if (match.similarity < 0.7 && shareWord(a.person.tokens, b.person.tokens)) return -0.5;
    return nameWeight(match.similarity);
  }
  if (a.company && b.company) {
    const similarity = compareCompanyNames(a.company, b.company);
    if (reasons && similarity >= 0.8) {
      const pair = { a: a.name, b: b.name };
      reasons.push(a.name === b.name ? why('duplicate.same_name', { name: a.name }) : similarity < 0.97 ? why('duplicate.similar_company', { ...pair, similarity: pct(similarity) }) : why('duplicate.company_variant', pair));
    }
    return nameWeight(similarity);
  }
  // A person and a company: only the same words count.
  const similarity = jaroWinkler(plainWords(a.name), plainWords(b.name));
  return similarity >= 0.97 ? 1 : -2;
}

export interface ScoreOptions {
  withReasons?: boolean;
  /** stop early (score 0) once the pair cannot reach this score */
  atLeast?: number;
  /** a third record that both match strongly: evidence that they are one too */
  sharedMatch?: DedupeRecord | undefined;
}

/**
 * How likely two records are one customer (or contact), 0..1, and why. Evidence adds up:
 * the same phone, e-mail or ID number weighs most, then the name (across scripts, swapped,
 * with typos), the address and city; contradicting values (other phones, other cities) count
 * against. A name alone is never enough: namesakes are common.
 */
export function scorePair(a: DedupeRecord, b: DedupeRecord, options: ScoreOptions = {}): PairScore {
  const reasons: DuplicateReason[] | null = options.withReasons === false ? null : [];
  let points = options.sharedMatch ? SHARED_MATCH : 0;

  const samePhones = shared(a.phones, b.phones);
  const phonePoints = samePhones === null ? 0 : samePhones.length > 1 ? 4.5 : 4;
  if (samePhones !== null) {
    points += phonePoints;
    reasons?.push(why('duplicate.same_phone', { phones: samePhones.join(', ') }));
  } else {
    const inEmail =
      (b.emailDigits.length > 0 ? phoneInEmail(a.phones, b.emailDigits, b.emails) : null) ?? (a.emailDigits.length > 0 ? phoneInEmail(b.phones, a.emailDigits, a.emails) : null);
    const near = inEmail ? null : nearPhone(a.phones, b.phones);
    if (inEmail) {
      points += 3.5;
      reasons?.push(why('duplicate.phone_in_email', { phone: inEmail[0], email: inEmail[1] }));
    } else if (near) {
      points += 3;
      reasons?.push(why('duplicate.phone_one_digit', { a: near[0], b: near[1] }));
    } else if (a.phones.length > 0 && b.phones.length > 0) {
      points -= 1;
    }
  }

  const sameEmails = shared(a.emails, b.emails);
  if (sameEmails !== null) {
    points += 4;
    reasons?.push(why('duplicate.same_email', { emails: sameEmails.join(', ') }));
  }
  // Other e-mails count against, unless one is a typo of the other: looked at only when it could matter.
  const otherEmails = sameEmails === null && a.emails.length > 0 && b.emails.length > 0;
  if (otherEmails) points -= 0.5;
  const nearEmailBonus = otherEmails ? 2.5 : 0;

  if (a.idKey !== null && b.idKey !== null) {
    // An ID number belongs to one person; a differing one is as often a typo as another person.
    if (a.idKey === b.idKey) {
      points += 5.5;
      reasons?.push(why(a.company && b.company ? 'duplicate.same_registration_number' : 'duplicate.same_id_number'));
    } else {
      points -= 0.5;
    }
  }

  if (a.kind !== b.kind) points -= 2;
  // Where even the best name and places cannot lift the pair to `atLeast`, stop: most candidate
  // pairs of a scan are namesakes with nothing else in common, and end here cheaply.
  const inSameCity = sameCompanyInCity(a, b);
  const needed = options.atLeast === undefined || (inSameCity && options.atLeast <= REVIEW_SCORE) ? Number.NEGATIVE_INFINITY : pointsFor(options.atLeast);
  const places = mostFromPlaces(a, b);
  if (points + nearEmailBonus + MOST_FROM_NAME + places < needed) return NO_MATCH;
  points += compareNames(a, b, reasons);
  if (points + nearEmailBonus + places < needed) return NO_MATCH;
  if (otherEmails) {
    const near = nearEmail(a.emails, b.emails);
    if (near) {
      points += nearEmailBonus;
      reasons?.push(why('duplicate.near_email', { a: near[0], b: near[1] }));
    } else if (points + places < needed) return NO_MATCH;
  }

  let isBranch = false;
  let addressSimilarity = 0;
  if (a.address !== '' && b.address !== '') {
    const similarity = (addressSimilarity = compareText(a.address, b.address, a.addressWords, b.addressWords));
    // One organisation's switchboard at two street addresses: a branch, related but not the same record.
    if (a.company && b.company && similarity < 0.75 && samePhones !== null) {
      isBranch = true;
      points -= phonePoints;
      reasons?.push(why('duplicate.branch'));
    }
    const textPoints = addressPoints(similarity);
    if (reasons && similarity >= 0.85) reasons.push(similarity >= 0.99 ? why('duplicate.same_address') : why('duplicate.similar_address', { similarity: pct(similarity) }));
    if (textPoints < SAME_DWELLING && isOneDwelling(a, b)) {
      points += SAME_DWELLING;
      reasons?.push(why('duplicate.same_dwelling', { number: a.streetNumber }));
    } else points += textPoints;
  }
  const isSameBirthday = a.birthday === b.birthday && a.birthday.length === 10 && !a.birthday.startsWith('--');
  // A full birthday at the same place (postcode or street) identifies a person nearly as an ID number does.
  if (isSameBirthday && ((a.postcode !== '' && a.postcode === b.postcode) || addressSimilarity >= 0.85)) points += BIRTHDAY_AT_PLACE;
  if (a.postcode !== '' && b.postcode !== '') {
    if (a.postcode === b.postcode) {
      points += SAME_POSTCODE;
      reasons?.push(why('duplicate.same_postcode', { postcode: a.postcode }));
    } else if (oneDigitApart(a.postcode, b.postcode)) points += 0.25;
    else points -= 0.5;
  }
  if (a.birthday !== '' && b.birthday !== '') points += compareBirthdays(a.birthday, b.birthday, reasons);
  if (a.city !== '' && b.city !== '') {
    if (a.city === b.city) {
      points += 0.5;
      reasons?.push(why('duplicate.same_city', { city: a.city }));
    } else if (jaroWinkler(a.city, b.city) >= 0.9) points += 0.25;
    else points -= 0.5;
  }
  if (a.province !== '' && b.province !== '') points += a.province === b.province ? 0.25 : -0.25;
  if (a.groupId !== null && b.groupId !== null) {
    if (a.groupId === b.groupId) {
      points += 1;
      reasons?.push(why('duplicate.same_customer'));
    } else points -= 0.5;
  }

  if (options.sharedMatch) reasons?.push(why('duplicate.shared_match', { name: options.sharedMatch.name, id: options.sharedMatch.id }));
  let score = 1 / (1 + Math.exp(-SLOPE * (points - MIDPOINT)));
  if (isBranch) score = Math.min(score, REVIEW_SCORE);
  if (inSameCity && score < REVIEW_SCORE) {
    score = REVIEW_SCORE;
    reasons?.push(why('duplicate.same_company_in_city', { city: a.city }));
  }
  return { score: Math.round(score * 1000) / 1000, reasons: (reasons ?? []).map((r) => reasonText(r, 'en')), reasonCodes: reasons ?? [] };
}
