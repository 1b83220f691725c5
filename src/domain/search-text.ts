import { phoneQueryDigits, phoneSearchKeys } from './phone.ts';
import { foldWidth, isTidyPlainText, stripDiacritics } from './text.ts';

export type SearchParts = {
  name: string;
  pinyin: string;
  initials: string;
  phones?: string[];
  emails?: string[];
  extra?: string[];
};

export type SearchQuery = {
  text: string;
  compact: string;
  digits: string | null;
  isShort: boolean;
  /** a query of one or two CJK characters, found anywhere in a name through the gram index; else null */
  gram: string | null;
};

/** The two search columns of a customer or contact, from the same parts. */
export type SearchColumns = { search_text: string; search_grams: string };

const FIELD_SEPARATOR = ' | ';
const WHITESPACE_RUN = /\s+/g;
const ASCII_UPPER = /[A-Z]/;
const MIN_INDEXED_LENGTH = 3;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const CJK_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;
// Below the first CJK block (U+2E80) nothing can be CJK: most Latin rows skip the regular expression.
const MAYBE_CJK = /[\u2e80-\uffff]/;

function fold(s: string): string {
  // Tidy plain text (see isTidyPlainText) has nothing to width-fold, strip or collapse: lower-casing is all,
  // and only A–Z change (toLowerCase is slow on text with Han characters even when nothing changes).
  if (isTidyPlainText(s)) return ASCII_UPPER.test(s) ? s.toLowerCase() : s;
  return stripDiacritics(foldWidth(s).toLowerCase()).replace(WHITESPACE_RUN, ' ').trim();
}

/** Adds a field unless it is empty or there already; with a handful of fields a linear look beats a Set. */
function addField(fields: string[], field: string): void {
  if (field !== '' && !fields.includes(field)) fields.push(field);
}

/**
 * The text a search index holds for one record: every field lower-cased, width-folded and stripped
 * of accents, joined by " | " so that a substring query cannot match across two fields.
 */
export function buildSearchText(parts: SearchParts): string {
  const name = fold(parts.name);
  const folded = [fold(name), fold(name.replaceAll(' ', '')), fold(parts.pinyin), fold(parts.initials)];
  for (const phone of parts.phones ?? []) for (const key of phoneSearchKeys(phone)) folded.push(fold(key));
  for (const email of parts.emails ?? []) folded.push(fold(email));
  for (const extra of parts.extra ?? []) folded.push(fold(extra));
  const fields: string[] = [];
  for (const field of folded) addField(fields, field);
  // Every multi-word field also stands without spaces, so a query needs only its compact form.
  for (const field of folded) if (field.includes(' ') && field !== name) addField(fields, field.replaceAll(' ', ''));
  return fields.join(FIELD_SEPARATOR);
}

/**
 * Every CJK character and every pair of neighbouring ones in `searchText`, space-separated: the
 * trigram index needs three characters, and 星辰 or 科技 must find 北京星辰科技有限公司 too.
 */
export function buildSearchGrams(searchText: string): string {
  if (!MAYBE_CJK.test(searchText)) return '';
  const grams = new Set<string>();
  for (const [run] of searchText.matchAll(CJK_RUN)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i] as string);
      if (i + 1 < chars.length) grams.add(`${chars[i]}${chars[i + 1]}`);
    }
  }
  return [...grams].join(' ');
}

/** search_text and search_grams of one record. */
export function buildSearchColumns(parts: SearchParts): SearchColumns {
  const search_text = buildSearchText(parts);
  return { search_text, search_grams: buildSearchGrams(search_text) };
}

/** A search box entry folded the same way as buildSearchText; null when there is nothing to search for. */
export function normaliseQuery(q: string): SearchQuery | null {
  const text = fold(q);
  if (text === '') return null;
  const compact = text.replaceAll(' ', '');
  const isShort = [...compact].length < MIN_INDEXED_LENGTH;
  return {
    text,
    compact,
    digits: phoneQueryDigits(q),
    isShort,
    gram: isShort && CJK_ONLY.test(compact) ? compact : null,
  };
}
