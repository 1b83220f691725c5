import { nameKeys } from './pinyin.ts';
import { foldWidth, stripDiacritics } from './text.ts';

// Reused between calls: the scan compares millions of pairs, and allocating costs more than comparing.
const SCRATCH_SIZE = 256;
const scratchA = new Uint8Array(SCRATCH_SIZE);
const scratchB = new Uint8Array(SCRATCH_SIZE);
const rowA = new Int32Array(SCRATCH_SIZE + 1);
const rowB = new Int32Array(SCRATCH_SIZE + 1);
const rowC = new Int32Array(SCRATCH_SIZE + 1);

/** Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = la <= SCRATCH_SIZE ? scratchA.fill(0, 0, la) : new Uint8Array(la);
  const matchedB = lb <= SCRATCH_SIZE ? scratchB.fill(0, 0, lb) : new Uint8Array(lb);
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
  const small = lb < SCRATCH_SIZE;
  let prevPrev = small ? rowA : new Int32Array(lb + 1);
  let prev = small ? rowB : new Int32Array(lb + 1);
  let current = small ? rowC : new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return prev[lb]!;
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
  /** tokens joined in order and reversed: compared often, so made once (the same string for one token) */
  forward: string;
  backward: string;
  /** tokens sorted, for names of three or more words ('' otherwise: order is covered by backward) */
  sorted: string;
}

function withForms(tokens: string[], han: string, joined?: string): PersonName {
  const forward = joined ?? tokens.join('');
  const backward = tokens.length < 2 ? forward : [...tokens].reverse().join('');
  return { tokens, han, forward, backward, sorted: tokens.length < 3 ? '' : [...tokens].sort().join(' ') };
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
    return withForms(given === '' ? [surname] : [surname, given], compact, full.startsWith(surname) ? full : undefined);
  }
  if (HAN.test(text)) return withForms([storedPinyin ?? nameKeys(text, { isPerson: true }).pinyin].filter(Boolean), '');
  const tokens = stripDiacritics(text.toLowerCase()).replace(WORD_JOINERS, '').split(NON_LETTERS).filter(Boolean);
  return withForms(tokens, '');
}

/** Keys under which a person's name is blocked: its tokens joined in either order (zhangwei, weizhang). */
export function personNameKeys(name: PersonName): string[] {
  if (name.tokens.length === 0) return [];
  return name.forward === name.backward ? [name.forward] : [name.forward, name.backward];
}

export type NameMatch = { similarity: number; how: 'same' | 'pinyin' | 'swapped' | 'similar' | 'different' };

/**
 * How alike two person names are: the same pinyin in another script counts as the same name
 * (张伟 = Zhang Wei), given and family name may be swapped (Wei Zhang), and typos cost little.
 */
export function comparePersonNames(a: PersonName, b: PersonName): NameMatch {
  if (a.tokens.length === 0 || b.tokens.length === 0) return { similarity: 0, how: 'different' };
  if (a.han !== '' && a.han === b.han) return { similarity: 1, how: 'same' };
  // Two Han names with equal pinyin but other characters (张伟 / 张玮) are homophones: likely, not certain.
  const homophones = a.han !== '' && b.han !== '';
  if (a.forward === b.forward) return homophones ? { similarity: 0.9, how: 'pinyin' } : { similarity: 1, how: a.han !== b.han ? 'pinyin' : 'same' };
  if (a.backward === b.forward || (a.sorted !== '' && a.sorted === b.sorted)) return { similarity: homophones ? 0.85 : 0.97, how: 'swapped' };
  const similarity = Math.max(
    tokenSimilarity(a.tokens, b.tokens, a.forward, b.forward),
    a.tokens.length > 1 ? tokenSimilarity([...a.tokens].reverse(), b.tokens, a.backward, b.forward) - 0.03 : 0,
    partOf(a.tokens, b.tokens),
    partOf(b.tokens, a.tokens),
  );
  return { similarity: homophones ? Math.min(similarity, 0.85) : similarity, how: similarity >= 0.8 ? 'similar' : 'different' };
}

/**
 * Similarity of two token lists: the whole string's, pulled down by the least alike pair of
 * tokens when both have the same number, so "Matrixco A" and "Matrixco B" (a whole word
 * differs) stay apart while "Jon Smith" and "John Smith" (a typo) stay close.
 */
export function tokenSimilarity(a: string[], b: string[], joinedA = a.join(''), joinedB = b.join('')): number {
  const whole = jaroWinkler(joinedA, joinedB);
  if (a.length < 2 || a.length !== b.length) return whole;
  let least = 1;
  for (let i = 0; i < a.length; i++) least = Math.min(least, wordSimilarity(a[i] as string, b[i] as string));
  return 0.7 * whole + 0.3 * least;
}

/** One word against another: Jaro-Winkler, or the share of letters kept when that is kinder (xia / xai). */
function wordSimilarity(a: string, b: string): number {
  const jw = jaroWinkler(a, b);
  const longest = Math.max(a.length, b.length);
  // One edit in a word of n letters keeps 1 - 1/n: only short words can gain from counting edits.
  if (jw >= 0.9 || longest === 0 || longest > 8) return jw;
  return Math.max(jw, 1 - editDistance(a, b, 2) / longest);
}

/** A name with fewer words whose every word is in the other ("Waller" / "Jamilla Wallner"): likely, not certain. */
function partOf(fewer: string[], more: string[]): number {
  if (fewer.length >= more.length) return 0;
  let least = 1;
  for (const word of fewer) least = Math.min(least, Math.max(...more.map((w) => wordSimilarity(word, w))));
  return least >= 0.9 ? 0.85 * least : 0;
}

/** Free-text fields (addresses) compared word by word, order-insensitively. */
export function compareText(a: string, b: string, sortedA = sortWords(a), sortedB = sortWords(b)): number {
  if (a === b) return 1;
  return Math.max(jaroWinkler(a, b), jaroWinkler(sortedA, sortedB));
}

/** The words of `text` in alphabetical order, for comparing regardless of order. */
export const sortWords = (text: string) => text.split(' ').filter(Boolean).sort().join(' ');

/** Lower-case words without accents or punctuation, for addresses and cities. */
export function plainWords(text: string): string {
  return stripDiacritics(foldWidth(text).toLowerCase()).split(NON_LETTERS).filter(Boolean).join(' ');
}
