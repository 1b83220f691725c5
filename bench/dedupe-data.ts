import { readFileSync } from 'node:fs';
import { birthdayProblem } from '../src/domain/birthday.ts';
import type { CustomerCreateInput } from '../src/domain/customer.ts';
import { companyName } from '../src/domain/company-name.ts';
import { personName } from '../src/domain/similarity.ts';
import { customerGenerator } from './generate.ts';

/** A customer to insert and the real-world entity it stands for (records of one group are duplicates). */
export interface LabelledCustomer {
  input: CustomerCreateInput;
  group: number;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CN_PREFIXES = [130, 131, 132, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156, 157, 158, 159, 176, 177, 180, 181, 182, 183, 185, 186, 187, 188, 189, 199];
const US_AREAS = [415, 212, 646, 312, 213, 617, 206, 303, 512, 305];
const TRADE_EN: Record<string, string> = {
  科技: 'Tech', 贸易: 'Trading', 物流: 'Logistics', 电子: 'Electronics', 餐饮: 'Catering', 医药: 'Pharma', 建材: 'Building Materials',
  文化传媒: 'Media', 信息技术: 'Information Technology', 机械制造: 'Machinery', 服装: 'Apparel', 食品: 'Foods',
};
const CN_CITY_EN: Record<string, string> = {
  北京: 'Beijing', 上海: 'Shanghai', 广州: 'Guangzhou', 深圳: 'Shenzhen', 杭州: 'Hangzhou', 成都: 'Chengdu', 武汉: 'Wuhan', 南京: 'Nanjing',
  西安: "Xi'an", 重庆: 'Chongqing', 苏州: 'Suzhou', 天津: 'Tianjin', 长沙: 'Changsha', 郑州: 'Zhengzhou', 青岛: 'Qingdao',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const HAN = /\p{Script=Han}/u;

/**
 * Generated customers (Chinese and Latin persons and companies, as the search bench makes
 * them) where every record has its own phone and e-mail, and about `dupRate` of them get one
 * or two duplicates: the name in another script, spaced or cased differently, with a typo, given
 * and family name swapped, a company with another legal suffix or in English; the phone in
 * another format or with one wrong digit; an e-mail or phone missing; the city left out.
 */
export function* duplicateSet(n: number, options: { seed?: number; dupRate?: number } = {}): Generator<LabelledCustomer> {
  const seed = options.seed ?? 7;
  const dupRate = options.dupRate ?? 0.1;
  const next = customerGenerator(seed);
  const rnd = random(seed * 31 + 1);
  const int = (k: number) => Math.floor(rnd() * k);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  let emitted = 0;

  for (let group = 0; emitted < n; group++) {
    const base = next();
    // Unique phone and e-mail per real entity: distinct people do not share them.
    const scrambled = String((group * 7_919_993 + 1_234_567) % 100_000_000).padStart(8, '0');
    const isChinese = HAN.test(base.name);
    const isCnPhone = isChinese || rnd() < 0.3;
    const phone = isCnPhone ? `${pick(CN_PREFIXES)}${scrambled}` : `+1 ${pick(US_AREAS)} ${String(200 + (group % 800)).padStart(3, '0')} ${scrambled.slice(4)}`;
    const local = (base.emails?.[0]?.value ?? `c${group}@example.com`).split('@');
    const email = base.emails ? `${local[0]}.${group.toString(36)}@${local[1]}` : undefined;
    const original: CustomerCreateInput = { ...base, phones: [{ value: phone }], ...(email ? { emails: [{ value: email }] } : {}) };
    yield { input: original, group };
    emitted++;
    if (rnd() >= dupRate) continue;
    const copies = rnd() < 0.25 ? 2 : 1;
    for (let c = 0; c < copies && emitted < n; c++) {
      yield { input: variant(original, { rnd, int, pick, isCnPhone }), group };
      emitted++;
    }
  }
}

interface Rng {
  rnd: () => number;
  int: (k: number) => number;
  pick: <T>(list: readonly T[]) => T;
  isCnPhone: boolean;
}

function romanise(name: string, rng: Rng): string {
  const [family, given = ''] = personName(name).tokens;
  const f = capital(family ?? '');
  const g = capital(given);
  return rng.pick([`${f} ${g}`, `${g} ${f}`, `${f.toUpperCase()} ${g}`, `${f.toLowerCase()} ${g.toLowerCase()} `, `${f}${g}`]);
}

function typo(word: string, rng: Rng): string {
  if (word.length < 4) return word;
  const at = 1 + rng.int(word.length - 2);
  switch (rng.int(3)) {
    case 0:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + word[at] + word.slice(at);
  }
}

function personVariant(name: string, rng: Rng): string {
  if (HAN.test(name)) {
    const roll = rng.rnd();
    if (roll < 0.6) return romanise(name, rng);
    if (roll < 0.8) return [...name].join(' ');
    return typo(romanise(name, rng), rng);
  }
  const [first = '', last = ''] = name.split(' ');
  return rng.pick([`${last} ${first}`, `${last}, ${first}`, name.toUpperCase(), ` ${name.toLowerCase()}`, `${typo(first, rng)} ${last}`, `${first} ${typo(last, rng)}`]);
}

function companyVariant(name: string, rng: Rng): string {
  if (HAN.test(name)) {
    const city = Object.keys(CN_CITY_EN).find((c) => name.startsWith(c)) ?? '';
    const trade = Object.keys(TRADE_EN).find((t) => name.includes(t)) ?? '';
    const brand = name.slice(city.length, name.length - trade.length - '有限公司'.length);
    const english = `${companyName(brand).core.replace(/^./, (ch) => ch.toUpperCase())} ${TRADE_EN[trade] ?? ''}`.trim();
    return rng.pick([
      `${brand}${trade}`,
      `${city}${brand}${trade}股份有限公司`,
      `${brand}${trade}（${city}）有限公司`,
      `${english} Co., Ltd.`,
      `${CN_CITY_EN[city] ?? ''} ${english} Company Limited`.trim(),
    ]);
  }
  const [word = '', trade = ''] = name.split(' ');
  return rng.pick([`${word} ${trade} Co., Ltd.`, `${word} ${trade}`, name.toUpperCase(), `${word} ${trade} Limited`, `${typo(word, rng)} ${trade} Ltd`]);
}

function reformat(phone: string, rng: Rng): string {
  const digits = phone.replace(/\D/g, '');
  if (!rng.isCnPhone) return rng.pick([phone, `+${digits}`, `+1 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`, `001 ${digits.slice(1)}`]);
  return rng.pick([`+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`, `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`, `0086${digits}`, digits]);
}

function phoneTypo(phone: string, rng: Rng): string {
  const chars = [...phone];
  const positions = chars.map((ch, i) => (/\d/.test(ch) ? i : -1)).filter((i) => i >= 0).slice(-6);
  const at = rng.pick(positions);
  chars[at] = String((Number(chars[at]) + 1 + rng.int(8)) % 10);
  return chars.join('');
}

function variant(original: CustomerCreateInput, rng: Rng): CustomerCreateInput {
  const copy: CustomerCreateInput = { ...original };
  copy.name = original.kind === 'person' ? personVariant(original.name, rng) : companyVariant(original.name, rng);
  const phone = original.phones?.[0]?.value as string;
  const hasEmail = original.emails !== undefined;
  const roll = rng.rnd();
  // What the copy still shares with the original, besides a name that looks alike.
  if (roll < 0.5 || !hasEmail) copy.phones = [{ value: rng.rnd() < 0.15 && hasEmail ? phoneTypo(phone, rng) : reformat(phone, rng) }];
  else if (roll < 0.75) delete copy.phones;
  else copy.phones = [{ value: phoneTypo(phone, rng) }];
  if (hasEmail && rng.rnd() < 0.3 && copy.phones !== undefined) delete copy.emails;
  if (rng.rnd() < 0.3) delete copy.city;
  return copy;
}

/** FEBRL's YYYYMMDD as a birthday, or undefined when it is no real date (typos make some). */
function febrlBirthday(raw: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!match) return undefined;
  const birthday = `${match[1]}-${match[2]}-${match[3]}`;
  return birthdayProblem(birthday, '2026-01-01') === null ? birthday : undefined;
}

/**
 * A FEBRL file (`rec-N-org` / `rec-N-dup-K`) as person customers: given name and surname as
 * the name, street number and address lines as the address, postcode, suburb as city, state as
 * province, date of birth as birthday. The social security number is left out: people rarely
 * give one, and the scan must find the duplicates without it.
 */
export function febrlCustomers(file: string): LabelledCustomer[] {
  const [, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const [id = '', given = '', surname = '', number = '', address1 = '', address2 = '', suburb = '', postcode = '', state = '', dateOfBirth = ''] = line
      .split(',')
      .map((cell) => cell.trim());
    const group = Number(/^rec-(\d+)-/.exec(id)?.[1]);
    const name = `${given} ${surname}`.trim() || '(unnamed)';
    const address = [`${number} ${address1}`.trim(), address2].filter(Boolean).join(', ');
    const birthday = febrlBirthday(dateOfBirth);
    return {
      group,
      input: {
        kind: 'person',
        name,
        ...(address ? { address } : {}),
        ...(postcode ? { postcode } : {}),
        ...(suburb ? { city: suburb } : {}),
        ...(state ? { province: state } : {}),
        ...(birthday ? { birthday } : {}),
      },
    };
  });
}

export interface Quality {
  truePairs: number;
  foundPairs: number;
  correct: number;
  precision: number;
  recall: number;
}

/** Pairwise precision and recall of `found` against the groups of the records (by record id). */
export function quality(groupOf: Map<number, number>, found: Array<{ a: number; b: number }>): Quality {
  const sizes = new Map<number, number>();
  for (const group of groupOf.values()) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  let truePairs = 0;
  for (const size of sizes.values()) truePairs += (size * (size - 1)) / 2;
  const correct = found.filter((p) => groupOf.get(p.a) !== undefined && groupOf.get(p.a) === groupOf.get(p.b)).length;
  return {
    truePairs,
    foundPairs: found.length,
    correct,
    precision: found.length === 0 ? 1 : correct / found.length,
    recall: truePairs === 0 ? 1 : correct / truePairs,
  };
}
