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

export type SearchQuery = { text: string; compact: string; digits: string | null; isShort: boolean };

const FIELD_SEPARATOR = ' | ';
const WHITESPACE_RUN = /\s+/g;
const ASCII_UPPER = /[A-Z]/;
const MIN_INDEXED_LENGTH = 3;

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

/** A search box entry folded the same way as buildSearchText; null when there is nothing to search for. */
export function normaliseQuery(q: string): SearchQuery | null {
  const text = fold(q);
  if (text === '') return null;
  const compact = text.replaceAll(' ', '');
  return {
    text,
    compact,
    digits: phoneQueryDigits(q),
    isShort: [...compact].length < MIN_INDEXED_LENGTH,
  };
}
