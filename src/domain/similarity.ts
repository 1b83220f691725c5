import { nameKeys } from './pinyin.ts';
import { foldWidth, stripDiacritics } from './text.ts';

/** Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedB = new Uint8Array(lb);
  const matchedA = new Uint8Array(la);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Optimal-string-alignment edit distance (a swap of two neighbours counts as one edit), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const lb = b.length;
  let prevPrev = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let current = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (current[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return prev[lb] as number;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const HAN = /\p{Script=Han}/u;
const NAME_GLUE = /[\s·•・.]+/g;
const WORD_JOINERS = /['’\-‐]/g;
const NON_LETTERS = /[^\p{L}\p{N}]+/u;
// Two-character surnames: their given name starts at the third character.
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 长孙 宇文 司徒 夏侯 轩辕 公孙 西门 南宫 独孤 端木 申屠 太史 钟离 澹台 万俟 闻人 赫连 呼延 拓跋'.split(' '),
);

const surnameCache = new Map<string, string>();
function surnamePinyin(surname: string): string {
  let py = surnameCache.get(surname);
  if (py === undefined) {
    py = nameKeys(surname, { isPerson: true }).pinyin;
    if (surnameCache.size < 10_000) surnameCache.set(surname, py);
  }
  return py;
}

/** A person's name as comparable tokens, plus what it looked like. */
export interface PersonName {
  /** lower-case Latin or toneless pinyin tokens: 张小明 → [zhang, xiaoming]; "Wei Zhang" → [wei, zhang] */
  tokens: string[];
  /** the Han characters, for a Han-script name (spaces removed), else '' */
  han: string;
}

/**
 * Tokens of a person's name that compare across scripts: a Chinese name becomes surname and
 * given name in pinyin (the way it is romanised), a Latin one its words without accents.
 * `storedPinyin` (customers.name_pinyin) spares the pinyin lookup of the given name.
 */
export function personName(name: string, storedPinyin?: string): PersonName {
  const text = foldWidth(name).trim();
  const compact = text.replace(NAME_GLUE, '');
  if (HAN_ONLY.test(compact)) {
    const surnameLength = compact.length > 2 && COMPOUND_SURNAMES.has(compact.slice(0, 2)) ? 2 : 1;
    const surname = surnamePinyin(compact.slice(0, surnameLength));
    const full = storedPinyin && storedPinyin.startsWith(surname) ? storedPinyin : nameKeys(compact, { isPerson: true }).pinyin;
    const given = full.startsWith(surname) ? full.slice(surname.length) : nameKeys(compact.slice(surnameLength), { isPerson: false }).pinyin;
    return { tokens: given === '' ? [surname] : [surname, given], han: compact };
  }
  if (HAN.test(text)) return { tokens: [storedPinyin ?? nameKeys(text, { isPerson: true }).pinyin].filter(Boolean), han: '' };
  const tokens = stripDiacritics(text.toLowerCase()).replace(WORD_JOINERS, '').split(NON_LETTERS).filter(Boolean);
  return { tokens, han: '' };
}

/** Keys under which a person's name is blocked: its tokens joined in either order (zhangwei, weizhang). */
export function personNameKeys(name: PersonName): string[] {
  if (name.tokens.length === 0) return [];
  const forward = name.tokens.join('');
  if (name.tokens.length === 1) return [forward];
  const backward = [...name.tokens].reverse().join('');
  return forward === backward ? [forward] : [forward, backward];
}

export type NameMatch = { similarity: number; how: 'same' | 'pinyin' | 'swapped' | 'similar' | 'different' };

/**
 * How alike two person names are: the same pinyin in another script counts as the same name
 * (张伟 = Zhang Wei), given and family name may be swapped (Wei Zhang), and typos cost little.
 */
export function comparePersonNames(a: PersonName, b: PersonName): NameMatch {
  if (a.tokens.length === 0 || b.tokens.length === 0) return { similarity: 0, how: 'different' };
  if (a.han !== '' && a.han === b.han) return { similarity: 1, how: 'same' };
  const fa = a.tokens.join('');
  const fb = b.tokens.join('');
  // Two Han names with equal pinyin but other characters (张伟 / 张玮) are homophones: likely, not certain.
  const homophones = a.han !== '' && b.han !== '';
  if (fa === fb) return homophones ? { similarity: 0.9, how: 'pinyin' } : { similarity: 1, how: a.han !== b.han ? 'pinyin' : 'same' };
  const ra = [...a.tokens].reverse().join('');
  if (ra === fb || [...a.tokens].sort().join('') === [...b.tokens].sort().join('')) {
    return { similarity: homophones ? 0.85 : 0.97, how: 'swapped' };
  }
  const similarity = Math.max(tokenSimilarity(a.tokens, b.tokens), tokenSimilarity([...a.tokens].reverse(), b.tokens) - 0.03);
  return { similarity: homophones ? Math.min(similarity, 0.85) : similarity, how: similarity >= 0.8 ? 'similar' : 'different' };
}

/**
 * Similarity of two token lists: the whole string's, pulled down by the least alike pair of
 * tokens when both have the same number, so "Matrixco A" and "Matrixco B" (a whole word
 * differs) stay apart while "Jon Smith" and "John Smith" (a typo) stay close.
 */
export function tokenSimilarity(a: string[], b: string[]): number {
  const whole = jaroWinkler(a.join(''), b.join(''));
  if (a.length < 2 || a.length !== b.length) return whole;
  let least = 1;
  for (let i = 0; i < a.length; i++) least = Math.min(least, jaroWinkler(a[i] as string, b[i] as string));
  return (whole + least) / 2;
}

/** Free-text fields (addresses) compared word by word, order-insensitively. */
export function compareText(a: string, b: string): number {
  if (a === b) return 1;
  const ta = a.split(' ').filter(Boolean).sort().join(' ');
  const tb = b.split(' ').filter(Boolean).sort().join(' ');
  return Math.max(jaroWinkler(a, b), jaroWinkler(ta, tb));
}

/** Lower-case words without accents or punctuation, for addresses and cities. */
export function plainWords(text: string): string {
  return stripDiacritics(foldWidth(text).toLowerCase()).split(NON_LETTERS).filter(Boolean).join(' ');
}
