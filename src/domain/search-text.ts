import { phoneQueryDigits, phoneSearchKeys } from './phone.ts';
import { foldWidth, stripDiacritics } from './text.ts';

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
const MIN_INDEXED_LENGTH = 3;

function fold(s: string): string {
  return stripDiacritics(foldWidth(s).toLowerCase()).replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * The text a search index holds for one record: every field lower-cased, width-folded and stripped
 * of accents, joined by " | " so that a substring query cannot match across two fields.
 */
export function buildSearchText(parts: SearchParts): string {
  const name = fold(parts.name);
  const fields = [
    name,
    name.replaceAll(' ', ''),
    parts.pinyin,
    parts.initials,
    ...(parts.phones ?? []).flatMap(phoneSearchKeys),
    ...(parts.emails ?? []),
    ...(parts.extra ?? []),
  ].map(fold);
  // Every multi-word field also stands without spaces, so a query needs only its compact form.
  const compact = fields.filter((f) => f.includes(' ') && f !== name).map((f) => f.replaceAll(' ', ''));
  fields.push(...compact);
  return [...new Set(fields)].filter((field) => field !== '').join(FIELD_SEPARATOR);
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
