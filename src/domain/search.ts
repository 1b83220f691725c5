import { Type, type Static } from 'typebox';
import type { SearchQuery } from './search-text.ts';
import { Id, Literals, Nullable } from './record.ts';

export const SEARCH_TYPES = ['customer', 'contact'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Why a record was found, best first: the order of this list is the ranking. */
export const MATCH_REASONS = ['name', 'initials', 'prefix', 'phone', 'email', 'contains', 'company', 'text'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

const HitType = Literals(SEARCH_TYPES);

export const SearchParams = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'name, pinyin (zhangwei), initials (zw), company, phone fragment or email' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);

export const SearchHit = Type.Object({
  type: HitType,
  id: Id,
  name: Type.String(),
  pinyin: Type.String(),
  customerId: Type.Optional(Nullable(Id)),
  customerName: Type.Optional(Nullable(Type.String({ description: 'for a contact: the customer it belongs to' }))),
  phones: Type.Array(Type.String({ description: 'E.164' })),
  emails: Type.Array(Type.String()),
  match: Literals(MATCH_REASONS, { description: 'why it was found; results are ranked in this order' }),
});

export const SearchResult = Type.Object({ items: Type.Array(SearchHit) });

export const PhoneLookupParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const PhoneOwner = Type.Object({
  type: HitType,
  id: Id,
  name: Type.String(),
  customerId: Nullable(Id),
  customerName: Nullable(Type.String({ description: 'for a contact: the customer it belongs to' })),
});

export const PhoneLookupResult = Type.Object({
  number: Type.String({ description: 'the number asked about, in E.164' }),
  matches: Type.Array(PhoneOwner),
});

export type SearchInput = Static<typeof SearchParams>;
export type SearchHitShape = Static<typeof SearchHit>;
export type SearchResultShape = Static<typeof SearchResult>;
export type PhoneOwnerShape = Static<typeof PhoneOwner>;
export type PhoneLookupShape = Static<typeof PhoneLookupResult>;

/** What ranking needs to know of a found record; `searchText` as buildSearchText made it. */
export interface RankInput {
  type: SearchType;
  /** name folded as a query is (see normaliseQuery) */
  foldedName: string;
  pinyin: string;
  initials: string;
  searchText: string;
}

// buildSearchText joins its fields with this separator.
const FIELD_SEPARATOR = ' | ';
const DIGITS = /^\d+$/;

/** Why a candidate matches the query, by the ranking rules: exact name, prefix, phone/email, name substring, company, the rest. */
export function matchReason(candidate: RankInput, query: SearchQuery): MatchReason {
  const { foldedName, pinyin, initials } = candidate;
  const compactName = foldedName.replaceAll(' ', '');
  if (foldedName === query.text || compactName === query.compact || pinyin === query.compact) return 'name';
  if (initials === query.compact) return 'initials';
  const prefixes = [foldedName.startsWith(query.text), compactName.startsWith(query.compact), pinyin.startsWith(query.compact), initials.startsWith(query.compact)];
  if (prefixes.some(Boolean)) return 'prefix';
  const known = new Set([foldedName, compactName, pinyin, initials]);
  const others = candidate.searchText.split(FIELD_SEPARATOR).filter((field) => !known.has(field));
  const contains = (field: string) => field.includes(query.text) || field.includes(query.compact);
  if (query.digits !== null && others.some((field) => DIGITS.test(field) && field.includes(query.digits as string))) return 'phone';
  if (others.some((field) => field.includes('@') && contains(field))) return 'email';
  if ([foldedName, compactName, pinyin].some(contains)) return 'contains';
  if (candidate.type === 'contact' && others.some((field) => !DIGITS.test(field) && !field.includes('@') && contains(field))) return 'company';
  return 'text';
}

type Rankable = { match: MatchReason; name: string; pinyin: string };

/** Best first: by match reason, then the shorter name, then pinyin order. */
export function rankHits<T extends Rankable>(hits: T[]): T[] {
  const keyed = hits.map((hit) => ({ hit, tier: MATCH_REASONS.indexOf(hit.match), length: [...hit.name].length }));
  // Plain code-unit order for pinyin (ASCII): localeCompare costs milliseconds over a few hundred hits.
  keyed.sort((a, b) => a.tier - b.tier || a.length - b.length || (a.hit.pinyin < b.hit.pinyin ? -1 : a.hit.pinyin > b.hit.pinyin ? 1 : 0));
  return keyed.map((k) => k.hit);
}
