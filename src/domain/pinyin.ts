import { pinyin } from 'pinyin-pro';
import { foldWidth, stripDiacritics } from './text.ts';

export type NameKeys = { pinyin: string; initials: string };

const HAN_RUNS = /(\p{Script=Han}+)/u;
const HAN = /\p{Script=Han}/u;
const WORD_SEPARATORS = /[^\p{L}\p{N}'’]+/u;
const APOSTROPHES = /['’]/g;
const SYLLABLE = /^[a-z0-9]+$/;

type Keys = { syllables: string[]; initials: string[] };

function addWords(text: string, keys: Keys): void {
  const words = stripDiacritics(text.toLowerCase()).replace(APOSTROPHES, '').split(WORD_SEPARATORS);
  for (const word of words) {
    if (word === '') continue;
    keys.syllables.push(word);
    keys.initials.push(word[0] as string);
  }
}

// Readings of Han runs already seen (names repeat a lot in real lists: 张伟, 王芳…), by surname mode
// and text; pinyin-pro segments a whole run, so the run is the unit that gives the same answer.
const READINGS_LIMIT = 50_000;
const readings = new Map<string, string[]>();

function hanSyllables(text: string, isSurnameFirst: boolean): string[] {
  const key = isSurnameFirst ? `s${text}` : `o${text}`;
  const known = readings.get(key);
  if (known !== undefined) return known;
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    v: true,
    surname: isSurnameFirst ? 'head' : 'off',
  });
  // pinyin-pro echoes characters it has no reading for (rare extension-B ideographs); they cannot be typed as pinyin.
  const typable = syllables.filter((syllable) => SYLLABLE.test(syllable));
  if (readings.size >= READINGS_LIMIT) readings.clear();
  readings.set(key, typable);
  return typable;
}

function addHan(text: string, keys: Keys, isSurnameFirst: boolean): void {
  for (const syllable of hanSyllables(text, isSurnameFirst)) {
    keys.syllables.push(syllable);
    keys.initials.push(syllable[0] as string);
  }
}

/**
 * Search keys for a name: toneless pinyin without spaces (张伟 → zhangwei) and the first letter of
 * each syllable or word (zw). Latin parts are lower-cased and stripped of accents. Persons get
 * surname readings for the leading Han characters (单田芳 → shantianfang); companies do not.
 */
export function nameKeys(name: string, opts: { isPerson: boolean }): NameKeys {
  const keys: Keys = { syllables: [], initials: [] };
  const text = foldWidth(name);
  if (!HAN.test(text)) {
    addWords(text, keys);
  } else {
    let isFirstHanRun = true;
    for (const part of text.split(HAN_RUNS)) {
      if (part === '') continue;
      if (HAN.test(part)) {
        addHan(part, keys, opts.isPerson && isFirstHanRun);
        isFirstHanRun = false;
      } else {
        addWords(part, keys);
      }
    }
  }
  return { pinyin: keys.syllables.join(''), initials: keys.initials.join('') };
}
