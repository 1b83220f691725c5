import { pinyin } from 'pinyin-pro';
import { foldWidth, isPlainText, stripDiacritics } from './text.ts';

export type NameKeys = { pinyin: string; initials: string };

const HAN_RUNS = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;
const WORD_SEPARATORS = /[^\p{L}\p{N}'’]+/u;
const APOSTROPHES = /['’]/g;
const SYLLABLE = /^[a-z0-9]+$/;

function addWords(text: string, keys: NameKeys): void {
  const words = stripDiacritics(text.toLowerCase()).replace(APOSTROPHES, '').split(WORD_SEPARATORS);
  for (const word of words) {
    if (word === '') continue;
    keys.pinyin += word;
    keys.initials += word[0] as string;
  }
}

const isAsciiLetterOrDigit = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/**
 * addWords for printable ASCII without its regular expressions: there the letters and digits are
 * A–Z, a–z and 0–9, the only apostrophe is ' (dropped without ending a word) and there are no accents.
 */
function addAsciiWords(text: string, keys: NameKeys): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (isAsciiLetterOrDigit(c)) {
      if (start < 0) start = i;
    } else if (c !== 0x27 && start >= 0) {
      const word = text.slice(start, i).toLowerCase().replaceAll("'", '');
      keys.pinyin += word;
      keys.initials += word[0] as string;
      start = -1;
    }
  }
}

// Readings of Han runs already seen (names repeat a lot in real lists: 张伟, 王芳…), by surname mode
// and text; pinyin-pro segments a whole run, so the run is the unit that gives the same answer.
const READINGS_LIMIT = 50_000;
const readings = { surname: new Map<string, NameKeys>(), plain: new Map<string, NameKeys>() };

function hanReading(text: string, isSurnameFirst: boolean): NameKeys {
  const cache = isSurnameFirst ? readings.surname : readings.plain;
  const known = cache.get(text);
  if (known !== undefined) return known;
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    v: true,
    surname: isSurnameFirst ? 'head' : 'off',
  });
  // pinyin-pro echoes characters it has no reading for (rare extension-B ideographs); they cannot be typed as pinyin.
  const reading = { pinyin: '', initials: '' };
  for (const syllable of syllables) {
    if (!SYLLABLE.test(syllable)) continue;
    reading.pinyin += syllable;
    reading.initials += syllable[0] as string;
  }
  if (cache.size >= READINGS_LIMIT) cache.clear();
  cache.set(text, reading);
  return reading;
}

/** True when the whole text is CJK unified ideographs (U+4E00–U+9FFF, all Script=Han): one Han run. */
function isHanOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) return false;
  }
  return text.length > 0;
}

/**
 * Search keys for a name: toneless pinyin without spaces (张伟 → zhangwei) and the first letter of
 * each syllable or word (zw). Latin parts are lower-cased and stripped of accents. Persons get
 * surname readings for the leading Han characters (单田芳 → shantianfang); companies do not.
 */
export function nameKeys(name: string, opts: { isPerson: boolean }): NameKeys {
  const text = foldWidth(name);
  // Most Chinese names are all Han: one run, read as the split below would read it.
  if (isHanOnly(text)) {
    const reading = hanReading(text, opts.isPerson);
    return { pinyin: reading.pinyin, initials: reading.initials };
  }
  const keys: NameKeys = { pinyin: '', initials: '' };
  if (!HAN.test(text)) {
    addLatin(text, keys);
    return keys;
  }
  let isFirstHanRun = true;
  for (const part of text.split(HAN_RUNS)) {
    if (part === '') continue;
    if (HAN.test(part)) {
      const reading = hanReading(part, opts.isPerson && isFirstHanRun);
      keys.pinyin += reading.pinyin;
      keys.initials += reading.initials;
      isFirstHanRun = false;
    } else {
      addLatin(part, keys);
    }
  }
  return keys;
}

/** Words of text without Han characters, where plain text (see isPlainText) is printable ASCII. */
function addLatin(text: string, keys: NameKeys): void {
  if (isPlainText(text)) addAsciiWords(text, keys);
  else addWords(text, keys);
}
