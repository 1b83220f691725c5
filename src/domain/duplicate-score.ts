import { companyName, compareCompanyNames, type CompanyName } from './company-name.ts';
import { nameKeys } from './pinyin.ts';
import { compareText, comparePersonNames, editDistance, jaroWinkler, personName, plainWords, type PersonName } from './similarity.ts';
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
  /** plain lower-case words; Chinese place names in pinyin */
  city: string;
  province: string;
  address: string;
  /** blind index of the ID number */
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

export function dedupeRecord(input: DedupeInput): DedupeRecord {
  return {
    id: input.id,
    kind: input.kind,
    name: input.name,
    person: input.kind === 'person' ? personName(input.name, input.pinyin) : null,
    company: input.kind === 'company' ? companyName(input.name) : null,
    phones: input.phones,
    emails: input.emails,
    city: place(input.city),
    province: place(input.province),
    address: input.address ? plainWords(input.address) : '',
    idKey: input.idKey ?? null,
    groupId: input.groupId ?? null,
  };
}

export interface PairScore {
  /** 0..1 */
  score: number;
  reasons: string[];
}

const DIGITS = /^\d{7,15}$/;

function nearPhone(a: string[], b: string[]): [string, string] | null {
  for (const x of a) for (const y of b) if (x.length === y.length && editDistance(x, y, 1) <= 1) return [x, y];
  return null;
}

function phoneInEmail(phones: string[], emails: string[]): [string, string] | null {
  for (const email of emails) {
    const local = email.slice(0, email.indexOf('@'));
    if (!DIGITS.test(local)) continue;
    const phone = phones.find((p) => p.endsWith(local));
    if (phone) return [phone, email];
  }
  return null;
}

function nearEmail(a: string[], b: string[]): [string, string] | null {
  for (const x of a) {
    const [lx, dx] = x.split('@') as [string, string];
    for (const y of b) {
      const [ly, dy] = y.split('@') as [string, string];
      if (dx === dy && lx.length >= 4 && (editDistance(lx, ly, 1) <= 1 || jaroWinkler(lx, ly) >= 0.94)) return [x, y];
    }
  }
  return null;
}

const nameWeight = (s: number) => (s >= 0.97 ? 3 : s >= 0.9 ? 2.5 : s >= 0.85 ? 1.5 : s >= 0.8 ? 0.5 : s >= 0.7 ? -1 : -2.5);
const pct = (s: number) => s.toFixed(2);

function compareNames(a: DedupeRecord, b: DedupeRecord, reasons: string[] | null): number {
  if (a.person && b.person) {
    const match = comparePersonNames(a.person, b.person);
    if (reasons && match.similarity >= 0.8) {
      const pair = `${a.name} ≈ ${b.name}`;
      if (match.how === 'same') reasons.push(a.name === b.name ? `same name ${a.name}` : `name ${pair}`);
      else if (match.how === 'pinyin') reasons.push(`name ${pair} (pinyin)`);
      else if (match.how === 'swapped') reasons.push(`name ${pair} (given and family name swapped)`);
      else reasons.push(`similar name ${pair} (${pct(match.similarity)})`);
    }
    return nameWeight(match.similarity);
  }
  if (a.company && b.company) {
    const similarity = compareCompanyNames(a.company, b.company);
    if (reasons && similarity >= 0.8) reasons.push(a.name === b.name ? `same name ${a.name}` : `company ${a.name} ≈ ${b.name}${similarity < 0.97 ? ` (${pct(similarity)})` : ''}`);
    return nameWeight(similarity);
  }
  // A person and a company: only the same words count.
  const similarity = jaroWinkler(plainWords(a.name), plainWords(b.name));
  return similarity >= 0.97 ? 1 : -2;
}

/**
 * How likely two records are one customer (or contact), 0..1, and why. Evidence adds up:
 * the same phone, e-mail or ID number weighs most, then the name (across scripts, swapped,
 * with typos), the address and city; contradicting values (other phones, other cities) count
 * against. A name alone is never enough: namesakes are common.
 */
export function scorePair(a: DedupeRecord, b: DedupeRecord, withReasons = true): PairScore {
  const reasons: string[] | null = withReasons ? [] : null;
  let points = 0;

  const samePhones = a.phones.filter((p) => b.phones.includes(p));
  if (samePhones.length > 0) {
    points += samePhones.length > 1 ? 4.5 : 4;
    reasons?.push(`same phone ${samePhones.join(', ')}`);
  } else {
    const inEmail = phoneInEmail(a.phones, b.emails) ?? phoneInEmail(b.phones, a.emails);
    const near = inEmail ? null : nearPhone(a.phones, b.phones);
    if (inEmail) {
      points += 3.5;
      reasons?.push(`phone ${inEmail[0]} in e-mail ${inEmail[1]}`);
    } else if (near) {
      points += 3;
      reasons?.push(`phone ${near[0]} ≈ ${near[1]} (one digit apart)`);
    } else if (a.phones.length > 0 && b.phones.length > 0) {
      points -= 1;
    }
  }

  const sameEmails = a.emails.filter((e) => b.emails.includes(e));
  if (sameEmails.length > 0) {
    points += 4;
    reasons?.push(`same e-mail ${sameEmails.join(', ')}`);
  } else if (a.emails.length > 0 && b.emails.length > 0) {
    const near = nearEmail(a.emails, b.emails);
    if (near) {
      points += 2;
      reasons?.push(`e-mail ${near[0]} ≈ ${near[1]}`);
    } else {
      points -= 0.5;
    }
  }

  if (a.idKey !== null && b.idKey !== null) {
    if (a.idKey === b.idKey) {
      points += 4.5;
      reasons?.push('same ID number');
    } else {
      points -= 1;
    }
  }

  if (a.kind !== b.kind) points -= 2;
  points += compareNames(a, b, reasons);

  if (a.address !== '' && b.address !== '') {
    const similarity = compareText(a.address, b.address);
    if (similarity >= 0.95) points += 2.5;
    else if (similarity >= 0.85) points += 1.5;
    else if (similarity >= 0.75) points += 0.5;
    else if (similarity < 0.6) points -= 1;
    if (reasons && similarity >= 0.85) reasons.push(similarity >= 0.99 ? 'same address' : `similar address (${pct(similarity)})`);
  }
  if (a.city !== '' && b.city !== '') {
    if (a.city === b.city) {
      points += 0.5;
      reasons?.push(`same city ${a.city}`);
    } else if (jaroWinkler(a.city, b.city) >= 0.9) points += 0.25;
    else points -= 1;
  }
  if (a.province !== '' && b.province !== '') points += a.province === b.province ? 0.25 : -0.5;
  if (a.groupId !== null && b.groupId !== null) {
    if (a.groupId === b.groupId) {
      points += 1;
      reasons?.push('same customer');
    } else points -= 0.5;
  }

  const score = 1 / (1 + Math.exp(-1.2 * (points - 4.5)));
  return { score: Math.round(score * 1000) / 1000, reasons: reasons ?? [] };
}
